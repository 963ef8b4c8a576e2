// Child process for the token file's durability test, run under strace: saves argv[3] as the
// refresh token of account "work" in state directory argv[2], with the file store.
import { tokenStore } from '../../src/engine/oauth/token-store.js';

const target = { account: 'work', kind: 'file' as const, stateDir: process.argv[2]!, home: '/', env: {} };
await tokenStore(target).save(process.argv[3]!);

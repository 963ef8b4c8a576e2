// One process's refresh of an account's access token, for tests of several mailkeep processes at
// once: node --import tsx test/support/oauth-refresh-child.ts ACCOUNT_JSON HOME. Prints `ok` or
// the error's one line (never the token).
import { accountAccessToken, type OAuthAccount } from '../../src/engine/oauth/access-tokens.js';
import { dieWithParent } from './die-with-parent.js';

dieWithParent();

const [json, home] = process.argv.slice(2);
const account = JSON.parse(json!) as OAuthAccount;
try {
  await accountAccessToken(account, { home: home!, env: process.env });
  process.stdout.write('ok\n');
} catch (error) {
  process.stdout.write(`${(error as Error).message}\n`);
  process.exitCode = 2;
}

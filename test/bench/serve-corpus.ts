// A private Dovecot holding a bench corpus, kept running for measurements by hand (A/B runs of
// `mailkeep sync` under GNU time): prints the mbsyncrc it wrote, then serves until Ctrl-C or SIGTERM.
// SIGUSR1 applies one incremental round's change (as the bench's incremental phase does) and
// prints `changed N` when it is done.
//   node --import tsx test/bench/serve-corpus.ts [--preset large|small] DIR
// DIR/mbsyncrc has the account `main` (its Maildir under DIR/mail/main: empty it between runs).
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot } from '../support/dovecot.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { loadCorpus } from '../support/server-mail.js';
import { mutateServer } from './mutate.js';
import { serverSnapshot } from './server-snapshot.js';

const { values, positionals } = parseArgs({
  options: { preset: { type: 'string', default: 'large' } },
  allowPositionals: true,
});
const preset = values.preset === 'small' ? 'small' : 'large';
const work = resolve(positionals[0] ?? 'serve-corpus');
mkdirSync(work, { recursive: true });
chmodSync(work, 0o755); // Dovecot's unprivileged processes must reach the server dir inside

const user = { user: 'bench', password: 'bench-password-1' };
const server = await startDovecot({ users: [user], dir: join(work, 'server') });
const corpus = generateCorpus(preset);
await loadCorpus(server, corpus, user.user);
await serverSnapshot(server); // builds Dovecot's indexes, so no measured run pays for that
const rc = join(work, 'mbsyncrc');
writeFileSync(rc, mbsyncrc([dovecotAccount(server, { name: 'main', user, path: join(work, 'mail', 'main') })]), {
  mode: 0o600,
});
process.stdout.write(`${rc}\n`);

const stop = () => void server.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
let round = 0;
process.on('SIGUSR1', () => {
  round += 1;
  void mutateServer(server, corpus, round).then((m) =>
    process.stdout.write(`changed ${round}: +${m.appended} ~${m.flagsChanged} -${m.expunged}\n`),
  );
});
setInterval(() => undefined, 1 << 30);

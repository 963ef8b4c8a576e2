// Runs before the test suite (npm's pretest): installs the real programs the tests drive, once,
// before test files run in parallel and could race for apt's lock.
import { ensureProgram } from './system-packages.js';

for (const [program, pkg] of [
  ['dovecot', 'dovecot-imapd'],
  ['doveadm', 'dovecot-imapd'],
  ['mbsync', 'isync'],
  ['tmux', 'tmux'],
  ['openssl', 'openssl'],
] as const) {
  try {
    ensureProgram(program, pkg);
  } catch (err) {
    process.stderr.write(`mailkeep tests: ${(err as Error).message}\n`);
    process.exit(1);
  }
}

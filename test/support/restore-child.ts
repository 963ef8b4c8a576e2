// `mailkeep restore` as a child process for the crash and memory tests:
// node --import tsx test/support/restore-child.ts SOURCE --to ACCOUNT -c FILE --json.
// With MAILKEEP_TEST_PEAK=1 it prints its peak resident memory (`peak-rss KB`) on stderr at the end.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parseCommandLine } from '../../src/cli-args.js';
import { runRestoreCommand } from '../../src/commands/restore.js';
import { dieWithParent } from './die-with-parent.js';

dieWithParent();

const command = parseCommandLine(['restore', ...process.argv.slice(2)]);
if (command.kind !== 'restore') throw new Error('restore-child runs `mailkeep restore` only');
const { kind: _kind, ...options } = command;
process.exitCode = await runRestoreCommand(options, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  home: process.env.HOME ?? homedir(),
});
if (process.env.MAILKEEP_TEST_PEAK === '1') {
  const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  process.stderr.write(`peak-rss ${peak ?? 0}\n`);
}

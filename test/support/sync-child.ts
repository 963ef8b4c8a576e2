// `mailkeep sync` as a child process for the crash tests (killed with SIGKILL mid-run):
// node --import tsx test/support/sync-child.ts -c FILE --json. MAILKEEP_TEST_BATCH=n makes
// fetch batches of n messages, so a tiny corpus has many durable steps to die at.
import { homedir } from 'node:os';
import { parseCommandLine } from '../../src/cli-args.js';
import { runSync } from '../../src/commands/sync.js';
import { FETCH_LIMITS } from '../../src/engine/fetch-batches.js';
import { dieWithParent } from './die-with-parent.js';

dieWithParent();

const batch = Number(process.env.MAILKEEP_TEST_BATCH);
if (batch > 0) FETCH_LIMITS.maxMessages = batch;
const command = parseCommandLine(['sync', ...process.argv.slice(2)]);
if (command.kind !== 'sync') throw new Error('sync-child runs `mailkeep sync` only');
process.exitCode = await runSync(command, {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  home: process.env.HOME ?? homedir(),
});

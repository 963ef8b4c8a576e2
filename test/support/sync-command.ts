// `mailkeep sync` as the command and fault tests run it: HOME and the XDG directories under one temp
// root, an mbsyncrc for the private Dovecot, the command in process with its output captured.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCommandLine } from '../../src/cli-args.js';
import { runSync, type SyncIo } from '../../src/commands/sync.js';
import { runVerify } from '../../src/commands/verify.js';
import { accountStateDir } from '../../src/config/paths.js';
import type { EngineOptions } from '../../src/engine/engine.js';
import type { DovecotServer } from './dovecot.js';
import { dovecotAccount, mbsyncrc, type RcAccount } from './mbsyncrc.js';

/** HOME, XDG_STATE_HOME and XDG_CONFIG_HOME under `root`. */
export function homeEnv(root: string): { HOME: string; XDG_STATE_HOME: string; XDG_CONFIG_HOME: string } {
  return { HOME: root, XDG_STATE_HOME: join(root, 'state'), XDG_CONFIG_HOME: join(root, 'config') };
}

/** Where `mailkeep sync` with HOME at `root` keeps the state of the account `name`. */
export function commandStateDir(root: string, name = 'test'): string {
  return accountStateDir(name, { home: root, env: homeEnv(root) });
}

/** Writes `<root>/mbsyncrc`: one `test` channel in cleartext to 127.0.0.1 (Dovecot's plain port unless `port` is given), mail under `<root>/mail`, no expunges. */
export async function writePlainRc(
  server: DovecotServer,
  root: string,
  overrides: Partial<Omit<RcAccount, 'user'>> = {},
): Promise<string> {
  const file = join(root, 'mbsyncrc');
  const account = dovecotAccount(server, {
    name: 'test',
    path: join(root, 'mail'),
    host: '127.0.0.1',
    port: server.imapPort,
    sslType: 'None',
    expunge: 'None',
    ...overrides,
  });
  await writeFile(file, mbsyncrc([account]));
  return file;
}

type Captured = Promise<{ code: number; stdout: string; stderr: string }>;

/** `mailkeep sync ARGS` in process with HOME at `root`: its exit code and what it printed. */
export function runSyncCommand(root: string, args: string[], engine?: Partial<EngineOptions>): Captured {
  return runCommand(root, ['sync', ...args], engine);
}

/** `mailkeep verify ARGS` in process with HOME at `root`, like runSyncCommand. */
export function runVerifyCommand(root: string, args: string[], engine?: Partial<EngineOptions>): Captured {
  return runCommand(root, ['verify', ...args], engine);
}

async function runCommand(root: string, argv: string[], engine?: Partial<EngineOptions>): Captured {
  const command = parseCommandLine(argv);
  return captured(root, (io) => {
    const withEngine = { ...io, ...(engine ? { engine } : {}) };
    if (command.kind === 'verify') return runVerify(command, withEngine);
    if (command.kind !== 'sync') throw new Error(`not a sync or verify command line: ${argv.join(' ')}`);
    const { kind: _kind, ...options } = command;
    return runSync(options, withEngine);
  });
}

/** Runs a command with its output captured and HOME at `root`. */
export function captured(root: string, run: (io: SyncIo) => Promise<number>): Captured {
  return captureOutput((out) => run({ ...out, home: root, env: homeEnv(root) }));
}

/** Runs a command in process with its stdout and stderr captured. */
export async function captureOutput(
  run: (out: { stdout: PassThrough; stderr: PassThrough }) => Promise<number>,
): Captured {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await run({ stdout, stderr });
  return { code, stdout: out, stderr: err };
}

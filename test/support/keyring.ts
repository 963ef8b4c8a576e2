// A private system keyring for tests: its own D-Bus session bus and a gnome-keyring-daemon
// (Secret Service) unlocked with a throw-away password, under a temp home. `secret-tool` run with
// the returned env talks to it and to nothing else. Both processes are ours, stopped by PID.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureProgram } from './system-packages.js';
import { waitUntil } from './wait-until.js';

export interface TestKeyring {
  /** PATH, HOME, XDG dirs and DBUS_SESSION_BUS_ADDRESS of the private session. */
  env: Record<string, string>;
  /** `secret-tool lookup ATTRS…` in this keyring: the secret, or undefined. */
  lookup(attributes: Record<string, string>): Promise<string | undefined>;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) resolve(text.split('\n')[0]!);
    });
    child.once('exit', () => reject(new Error('dbus-daemon ended before printing its address')));
  });
}

export async function startKeyring(t: { after: (fn: () => unknown) => void }): Promise<TestKeyring> {
  const secretTool = ensureProgram('secret-tool', 'libsecret-tools');
  ensureProgram('gnome-keyring-daemon', 'gnome-keyring');
  ensureProgram('dbus-daemon', 'dbus');
  const home = mkdtempSync(path.join(tmpdir(), 'mailkeep-keyring-'));
  const children: ChildProcess[] = [];
  t.after(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(home, { recursive: true, force: true });
  });
  const base = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_RUNTIME_DIR: home,
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CONFIG_HOME: path.join(home, 'config'),
  };
  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--nopidfile', '--print-address=1'], {
    env: base,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  children.push(bus);
  const env = { ...base, DBUS_SESSION_BUS_ADDRESS: await firstLine(bus) };
  const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
    env,
    stdio: ['pipe', 'ignore', 'ignore'],
  });
  children.push(daemon);
  daemon.stdin.end('test-keyring-password');
  const run = promisify(execFile);
  const lookup = async (attributes: Record<string, string>) => {
    try {
      const { stdout } = await run(secretTool, ['lookup', ...Object.entries(attributes).flat()], { env });
      return stdout === '' ? undefined : stdout;
    } catch {
      return undefined;
    }
  };
  // Ready once a stored probe can be read back.
  let ready = false;
  await waitUntil(
    () => {
      if (!ready) {
        const store = execFile(secretTool, ['store', '--label=probe', 'probe', 'yes'], { env }, () => undefined);
        store.stdin?.end('ok');
        void lookup({ probe: 'yes' }).then((v) => (ready = v === 'ok'));
      }
      return ready;
    },
    () => 'the test keyring never answered',
    { everyMs: 200 },
  );
  return { env, lookup };
}

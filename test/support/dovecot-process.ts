// Starting and stopping a private Dovecot's master process: on a free loopback port pair (a
// retry when another test takes a port first), stopped by its own process group only, and killed
// on exit if a test never stopped it.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { join } from 'node:path';
import { shellWord } from './reaper.js';

/** Two distinct free ports: both listeners are held until both are known, so the kernel cannot hand out one twice. */
async function freePortPair(): Promise<[number, number]> {
  const servers = [createServer(), createServer()];
  const ports = await Promise.all(
    servers.map(
      (server) =>
        new Promise<number>((resolve, reject) => {
          server.unref();
          server.on('error', reject);
          server.listen(0, '127.0.0.1', () => {
            const address = server.address();
            resolve(typeof address === 'object' && address ? address.port : 0);
          });
        }),
    ),
  );
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return [ports[0]!, ports[1]!];
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Signals the master and the process group it leads (dovecot calls setsid, so pgid = its pid). */
function signalGroup(pid: number, signal: NodeJS.Signals): void {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, signal);
    } catch {
      /* already gone */
    }
  }
}

/** True while the process runs (a zombie waiting for its reaper counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const running = new Set<number>();
// Last resort if a test process dies without calling stop(): never leave a Dovecot behind.
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/** What the reaper runs if this process dies before stop(): the master's process group, the temp dir. */
export function reaperCleanup(dir: string, removeDir: boolean): string {
  const pidFile = shellWord(join(dir, 'run', 'master.pid'));
  const kill = `pid=$(cat ${pidFile} 2>/dev/null); [ -n "$pid" ] && kill -9 -"$pid" "$pid" 2>/dev/null`;
  return removeDir ? `${kill}; rm -rf ${shellWord(dir)}` : kill;
}

/** Kills the master of the instance in `dir` (and its process group), if it wrote its PID. */
export function killMasterOf(dir: string): void {
  const pid = masterPid(dir);
  if (pid) signalGroup(pid, 'SIGKILL');
}

function masterPid(dir: string): number {
  const pidFile = join(dir, 'run', 'master.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
}

/**
 * Starts the master on a free port pair, `writeConf` writing its config for those ports, and waits
 * until it listens on both; another try (of five) when a port was taken before the bind.
 */
export async function startOnFreePorts(
  dovecot: string,
  dir: string,
  writeConf: (imapPort: number, imapsPort: number) => string,
): Promise<{ imapPort: number; imapsPort: number; pid: number }> {
  let imapPort = 0;
  let imapsPort = 0;
  let pid = 0;
  for (let attempt = 0; attempt < 5 && !pid; attempt++) {
    [imapPort, imapsPort] = await freePortPair();
    const conf = writeConf(imapPort, imapsPort);
    const status = await startMaster(dovecot, conf, join(dir, 'startup.log'));
    if (status !== 0) {
      const log = readLog(dir);
      if (/Address already in use/.test(log)) continue;
      throw new Error(`dovecot did not start (exit ${status})\n${log}`);
    }
    const deadline = Date.now() + 30_000; // generous: CI machines may be busy
    while (Date.now() < deadline) {
      const master = masterPid(dir);
      // Another test's server may have taken a port between freePort() and the bind: retry.
      if (master && !isAlive(master)) break;
      if (master && (await canConnect(imapPort)) && (await canConnect(imapsPort))) {
        pid = master;
        break;
      }
      await sleep(50);
    }
    if (!pid && !/Address already in use/.test(readLog(dir))) {
      throw new Error(`dovecot did not listen on 127.0.0.1:${imapPort} within 30 s\n${readLog(dir)}`);
    }
  }
  if (!pid) throw new Error('dovecot: no free port pair found');
  running.add(pid);
  return { imapPort, imapsPort, pid };
}

/**
 * Dovecot's master lingers for seconds waiting on its login processes; after a short grace the
 * whole process group it leads (its own children, nothing else) is killed.
 */
export async function stopMaster(pid: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + 500;
  while (isAlive(pid) && Date.now() < deadline) await sleep(25);
  signalGroup(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(10);
  running.delete(pid);
}

// The master forks into the background; its output goes to a file, because a pipe would be
// inherited by the daemon and never close.
function startMaster(dovecot: string, conf: string, logFile: string): Promise<number | null> {
  const out = openSync(logFile, 'a');
  return new Promise((resolve, reject) => {
    const child = spawn(dovecot, ['-c', conf], { stdio: ['ignore', out, out] });
    child.once('error', reject);
    child.once('exit', (code) => {
      closeSync(out);
      resolve(code);
    });
  });
}

function readLog(dir: string): string {
  return ['startup.log', 'dovecot.log']
    .map((name) => {
      try {
        return readFileSync(join(dir, name), 'utf8').split('\n').slice(-15).join('\n');
      } catch {
        return '';
      }
    })
    .join('');
}

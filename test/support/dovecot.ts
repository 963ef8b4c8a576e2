// A private, unprivileged Dovecot for tests and the demo: its own config, TLS cert, users and
// mail under a temp dir, listening on free loopback ports, stopped by its own master PID only.
import { execFile, spawn } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCertificate, type CertificateFiles } from './certificates.js';
import { armReaper, shellWord, type Reaper } from './reaper.js';
import { ensureProgram } from './system-packages.js';

const run = promisify(execFile);

export interface TestUser {
  user: string;
  password: string;
}

export interface DovecotServer {
  host: '127.0.0.1';
  /** Plain IMAP (STARTTLS offered). */
  imapPort: number;
  /** Implicit TLS. */
  imapsPort: number;
  /** The server's certificate (PEM; by default self-signed for localhost / 127.0.0.1), to trust in clients. */
  caFile: string;
  /** Temp root of this instance. */
  dir: string;
  user: TestUser;
  users: TestUser[];
  /** The server-side Maildir root of a user (INBOX is `<root>/INBOX`). */
  mailDir(user?: string): string;
  /** Owner (uid, gid) that mail files written straight into mailDir() must have. */
  mailOwner: { uid: number; gid: number };
  doveadm(args: string[]): Promise<string>;
  stop(): Promise<void>;
}

export interface DovecotOptions {
  users?: TestUser[];
  /** Replaces the advertised capability list (to test fallbacks), e.g. '-CONDSTORE -QRESYNC'. */
  imapCapability?: string;
  /** Keep the temp dir after stop (the demo's mail survives for a look). */
  keepDir?: boolean;
  /** Use this directory instead of a new temp dir. */
  dir?: string;
  /** Load imap_zlib: COMPRESS=DEFLATE (RFC 4978) is offered after login. */
  compress?: boolean;
  /** SASL mechanisms offered (Dovecot `auth_mechanisms`), default `plain login`. */
  authMechanisms?: string;
  /** Check XOAUTH2 / OAUTHBEARER tokens at this URL (Dovecot appends the token), before the passwords. */
  oauth2?: { tokenInfoUrl: string };
  /** Load the quota plugin and refuse messages bigger than this (Dovecot `quota_max_mail_size`, e.g. `100k`). */
  maxMailSize?: string;
  /** Load the quota plugin and limit each user's mail to this much in all (Dovecot `quota_rule` storage, e.g. `200k`). */
  quotaStorage?: string;
  /** Load imap_quota too: QUOTA (RFC 9208) is offered, GETQUOTAROOT tells the numbers. */
  quotaCommands?: boolean;
  /**
   * Other users' folders under `shared/USER/` and public ones under `Public/` (kept in
   * `<dir>/public`) beside the user's own, named in NAMESPACE. Without the ACL plugin every user
   * may write into both.
   */
  otherNamespaces?: boolean;
  /** Serve this certificate instead of a new self-signed one for localhost / 127.0.0.1. */
  certificate?: CertificateFiles;
  /** The user's namespace as Courier and Cyrus have it (`.` and `INBOX.`); default `/` and none. */
  personal?: { separator: string; prefix: string };
}

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

/** The passdbs: OAuth2 tokens checked at the token endpoint first (for those mechanisms only), then passwords. */
function passdbConf(passwd: string, oauth2File: string | undefined): string {
  const passwords = `passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${passwd}
${oauth2File ? '  mechanisms = plain login\n' : ''}}
`;
  if (oauth2File === undefined) return passwords;
  return `passdb {
  driver = oauth2
  mechanisms = xoauth2 oauthbearer
  args = ${oauth2File}
}
${passwords}`;
}

function oauth2Conf(tokenInfoUrl: string): string {
  return `tokeninfo_url = ${tokenInfoUrl}
introspection_mode = get
introspection_url = ${tokenInfoUrl}
username_attribute = email
`;
}

function dovecotConf(o: {
  dir: string;
  imapPort: number;
  imapsPort: number;
  cert: string;
  key: string;
  passwd: string;
  asRoot: boolean;
  selfUser: string;
  imapCapability?: string;
  compress: boolean;
  quotaCommands: boolean;
  authMechanisms: string;
  oauth2File: string | undefined;
  maxMailSize: string | undefined;
  quotaStorage: string | undefined;
  publicDir: string | undefined;
  personal: { separator: string; prefix: string };
}): string {
  const identity = o.asRoot
    ? 'default_login_user = dovenull\ndefault_internal_user = dovecot\n'
    : `default_login_user = ${o.selfUser}\ndefault_internal_user = ${o.selfUser}\ndefault_internal_group = ${o.selfUser}\n`;
  const noChroot = o.asRoot ? '' : '  chroot =\n';
  return `# generated by mailkeep's test harness
base_dir = ${o.dir}/run
state_dir = ${o.dir}/state
instance_name = mailkeep-test-${o.imapPort}
log_path = ${o.dir}/dovecot.log
listen = 127.0.0.1
protocols = imap
${identity}ssl = yes
ssl_cert = <${o.cert}
ssl_key = <${o.key}
ssl_dh = </usr/share/dovecot/dh.pem
disable_plaintext_auth = no
auth_mechanisms = ${o.authMechanisms}
mail_location = maildir:~/Maildir:LAYOUT=fs:INBOX=~/Maildir/INBOX
mail_max_userip_connections = 100
${o.imapCapability ? `imap_capability = ${o.imapCapability}\n` : ''}namespace inbox {
  inbox = yes
  separator = ${o.personal.separator}
  prefix = ${o.personal.prefix}
}
${o.publicDir ? otherNamespacesConf(o.publicDir) : ''}${passdbConf(o.passwd, o.oauth2File)}userdb {
  driver = passwd-file
  args = username_format=%u ${o.passwd}
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${o.imapPort}
  }
  inet_listener imaps {
    address = 127.0.0.1
    port = ${o.imapsPort}
    ssl = yes
  }
${noChroot}}
service anvil {
${noChroot}}
${o.maxMailSize || o.quotaStorage ? quotaConf(o.maxMailSize, o.quotaStorage) : ''}${imapPluginsConf(o)}service stats {
  unix_listener stats-reader {
    mode = 0666
  }
  unix_listener stats-writer {
    mode = 0666
  }
}
`;
}

function otherNamespacesConf(publicDir: string): string {
  return `namespace shared {
  type = shared
  separator = /
  prefix = shared/%%u/
  location = maildir:%%h/Maildir:LAYOUT=fs:INBOX=%%h/Maildir/INBOX
  subscriptions = no
  list = children
}
namespace public {
  type = public
  separator = /
  prefix = Public/
  location = maildir:${publicDir}:LAYOUT=fs
  subscriptions = no
  list = children
}
`;
}

/** The plugins of IMAP sessions alone (COMPRESS, the QUOTA commands), in one `protocol imap` block after the global ones. */
function imapPluginsConf(o: { compress: boolean; quotaCommands: boolean }): string {
  const plugins = [...(o.compress ? ['imap_zlib'] : []), ...(o.quotaCommands ? ['imap_quota'] : [])];
  return plugins.length === 0 ? '' : `protocol imap {\n  mail_plugins = $mail_plugins ${plugins.join(' ')}\n}\n`;
}

function quotaConf(maxMailSize: string | undefined, storage: string | undefined): string {
  return `mail_plugins = $mail_plugins quota
plugin {
  quota = maildir:User quota
${maxMailSize ? `  quota_max_mail_size = ${maxMailSize}\n` : ''}${storage ? `  quota_rule = *:storage=${storage}\n` : ''}}
`;
}

const running = new Set<number>();
// Last resort if a test process dies without calling stop(): never leave a Dovecot behind.
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/** What the reaper runs if this process dies before stop(): the master's process group, the temp dir. */
function reaperCleanup(dir: string, removeDir: boolean): string {
  const pidFile = shellWord(join(dir, 'run', 'master.pid'));
  const kill = `pid=$(cat ${pidFile} 2>/dev/null); [ -n "$pid" ] && kill -9 -"$pid" "$pid" 2>/dev/null`;
  return removeDir ? `${kill}; rm -rf ${shellWord(dir)}` : kill;
}

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mailkeep-dovecot-'));
  // Armed before anything can throw or start: a failed start or a killed test leaves nothing.
  const reaper = armReaper(reaperCleanup(dir, !options.keepDir));
  try {
    return await startIn(dir, options, reaper);
  } catch (error) {
    const pid = masterPid(dir);
    if (pid) signalGroup(pid, 'SIGKILL');
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    reaper.disarm();
    throw error;
  }
}

function masterPid(dir: string): number {
  const pidFile = join(dir, 'run', 'master.pid');
  return existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0;
}

async function startIn(dir: string, options: DovecotOptions, reaper: Reaper): Promise<DovecotServer> {
  const dovecot = ensureProgram('dovecot', 'dovecot-imapd');
  const doveadmBin = ensureProgram('doveadm', 'dovecot-imapd');
  const users = options.users ?? [{ user: 'alice', password: 'wonderland-secret' }];
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });

  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: 65534, gid: 65534 } : { uid: process.getuid!(), gid: process.getgid!() };
  const passwd = join(dir, 'passwd');
  writeFileSync(
    passwd,
    users
      .map((u) => `${u.user}:{PLAIN}${u.password}:${owner.uid}:${owner.gid}::${join(dir, 'home', u.user)}::\n`)
      .join(''),
  );
  for (const u of users) {
    const home = join(dir, 'home', u.user);
    mkdirSync(join(home, 'Maildir', 'INBOX'), { recursive: true, mode: 0o700 });
    if (asRoot) {
      chownSync(home, owner.uid, owner.gid);
      chownSync(join(home, 'Maildir'), owner.uid, owner.gid);
      chownSync(join(home, 'Maildir', 'INBOX'), owner.uid, owner.gid);
    }
  }
  const publicDir = options.otherNamespaces ? ownedDir(join(dir, 'public'), asRoot, owner) : undefined;
  const { cert, key } =
    options.certificate ?? selfSignedCertificate(dir, 'cert', 'localhost', 'DNS:localhost,IP:127.0.0.1');
  const conf = join(dir, 'dovecot.conf');
  const oauth2File = options.oauth2 ? join(dir, 'oauth2.conf') : undefined;
  if (oauth2File !== undefined) writeFileSync(oauth2File, oauth2Conf(options.oauth2!.tokenInfoUrl));
  const authMechanisms = options.authMechanisms ?? (options.oauth2 ? 'plain login xoauth2 oauthbearer' : 'plain login');

  let imapPort = 0;
  let imapsPort = 0;
  let pid = 0;
  for (let attempt = 0; attempt < 5 && !pid; attempt++) {
    [imapPort, imapsPort] = await freePortPair();
    writeFileSync(
      conf,
      dovecotConf({
        dir,
        imapPort,
        imapsPort,
        cert,
        key,
        passwd,
        asRoot,
        selfUser: userInfo().username,
        imapCapability: options.imapCapability,
        compress: options.compress ?? false,
        quotaCommands: options.quotaCommands ?? false,
        authMechanisms,
        oauth2File,
        maxMailSize: options.maxMailSize,
        quotaStorage: options.quotaStorage,
        publicDir,
        personal: options.personal ?? { separator: '/', prefix: '' },
      }),
    );
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

  let stopped = false;
  const server: DovecotServer = {
    host: '127.0.0.1',
    imapPort,
    imapsPort,
    caFile: cert,
    dir,
    user: users[0]!,
    users,
    mailOwner: owner,
    mailDir: (user = users[0]!.user) => join(dir, 'home', user, 'Maildir'),
    async doveadm(args) {
      const { stdout } = await run(doveadmBin, ['-c', conf, ...args]);
      return stdout;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      // Dovecot's master lingers for seconds waiting on its login processes; after a short grace
      // the whole process group it leads (its own children, nothing else) is killed.
      signalGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 500;
      while (isAlive(pid) && Date.now() < deadline) await sleep(25);
      signalGroup(pid, 'SIGKILL');
      while (isAlive(pid)) await sleep(10);
      running.delete(pid);
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
      reaper.disarm();
    },
  };
  return server;
}

/** A directory the mail user (nobody, when running as root) owns. */
function ownedDir(path: string, asRoot: boolean, owner: { uid: number; gid: number }): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (asRoot) chownSync(path, owner.uid, owner.gid);
  return path;
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

// A private, unprivileged Dovecot for tests and the demo: its own config, TLS cert, users and
// mail under a temp dir, listening on free loopback ports, stopped by its own master PID only.
import { execFile } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { selfSignedCertificate, type CertificateFiles } from './certificates.js';
import { dovecotConf, oauth2Conf } from './dovecot-conf.js';
import { killMasterOf, reaperCleanup, startOnFreePorts, stopMaster } from './dovecot-process.js';
import { armReaper, type Reaper } from './reaper.js';
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

export async function startDovecot(options: DovecotOptions = {}): Promise<DovecotServer> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mailkeep-dovecot-'));
  // Armed before anything can throw or start: a failed start or a killed test leaves nothing.
  const reaper = armReaper(reaperCleanup(dir, !options.keepDir));
  try {
    return await startIn(dir, options, reaper);
  } catch (error) {
    killMasterOf(dir);
    if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
    reaper.disarm();
    throw error;
  }
}

type Owner = { uid: number; gid: number };

async function startIn(dir: string, options: DovecotOptions, reaper: Reaper): Promise<DovecotServer> {
  const dovecot = ensureProgram('dovecot', 'dovecot-imapd');
  const doveadmBin = ensureProgram('doveadm', 'dovecot-imapd');
  const users = options.users ?? [{ user: 'alice', password: 'wonderland-secret' }];
  mkdirSync(dir, { recursive: true });
  chmodSync(dir, 0o755);
  for (const sub of ['run', 'state', 'home']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o755 });

  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? { uid: 65534, gid: 65534 } : { uid: process.getuid!(), gid: process.getgid!() };
  const passwd = writeUsers(dir, users, asRoot, owner);
  const publicDir = options.otherNamespaces ? ownedDir(join(dir, 'public'), asRoot, owner) : undefined;
  const { cert, key } =
    options.certificate ?? selfSignedCertificate(dir, 'cert', 'localhost', 'DNS:localhost,IP:127.0.0.1');
  const conf = join(dir, 'dovecot.conf');
  const oauth2File = options.oauth2 ? join(dir, 'oauth2.conf') : undefined;
  if (oauth2File !== undefined) writeFileSync(oauth2File, oauth2Conf(options.oauth2!.tokenInfoUrl));
  const authMechanisms = options.authMechanisms ?? (options.oauth2 ? 'plain login xoauth2 oauthbearer' : 'plain login');

  const { imapPort, imapsPort, pid } = await startOnFreePorts(dovecot, dir, (imapPort, imapsPort) => {
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
    return conf;
  });

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
      await stopMaster(pid);
      if (!options.keepDir) rmSync(dir, { recursive: true, force: true });
      reaper.disarm();
    },
  };
  return server;
}

/** The passwd file (returned) and each user's home with an empty Maildir INBOX. */
function writeUsers(dir: string, users: TestUser[], asRoot: boolean, owner: Owner): string {
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
  return passwd;
}

/** A directory the mail user (nobody, when running as root) owns. */
function ownedDir(path: string, asRoot: boolean, owner: Owner): string {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (asRoot) chownSync(path, owner.uid, owner.gid);
  return path;
}

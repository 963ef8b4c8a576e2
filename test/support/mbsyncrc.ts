// The one mbsyncrc writer for test code (engine, commands, e2e, demo, bench): one IMAPAccount,
// IMAPStore, MaildirStore and Channel per account, as a user writes them for mbsync and mailkeep.
import type { DovecotServer, TestUser } from './dovecot.js';

type Side = 'None' | 'Far' | 'Near' | 'Both';

export interface RcAccount {
  /** Names the IMAPAccount and the Channel; the stores are `<name>-remote` and `<name>-local`. */
  name: string;
  /** `localhost` unless given: mbsync 1.4 checks only DNS names in a certificate, never `IP:`. */
  host?: string;
  port: number;
  /** `IMAPS` unless given. */
  sslType?: 'IMAPS' | 'STARTTLS' | 'None';
  certificateFile?: string;
  /** Written only when given. */
  systemCertificates?: boolean;
  user: string;
  /** `Pass` (the password itself) or `PassCmd` (a shell command printing it). */
  password: { pass: string } | { passCmd: string };
  /** `Timeout` in seconds; mbsync's default unless given. */
  timeout?: number;
  /** IMAPStore Path (the server's folder prefix), written only when given. */
  storePath?: string;
  /** MaildirStore Path (a trailing / is added; `~/` is the tool's HOME). */
  path: string;
  /** `<path>/INBOX` unless given. */
  inbox?: string;
  /** `Verbatim` unless given; with `Maildir++`, no Path is written (mbsync refuses one). */
  subFolders?: 'Verbatim' | 'Maildir++' | 'Legacy';
  /** `Flatten`, written only when given. */
  flatten?: string;
  /** `*` unless given. */
  patterns?: string;
  /** The Channel's Far and Near boxes (`Far :<name>-remote:<box>`), none unless given. */
  boxes?: { far: string; near: string };
  /** `Pull` unless given. */
  sync?: string;
  /** `Near` unless given. */
  create?: Side;
  /** `Near` unless given. */
  expunge?: Side;
  /** Not written unless given (mbsync then keeps its state in ~/.mbsync/). */
  syncState?: string;
  /** `yes` unless false. */
  copyArrivalDate?: boolean;
  /** The Channel's `MaxSize` (`1k`), written only when given. */
  maxSize?: string;
}

/** An account on the private Dovecot over IMAPS at `localhost`, trusting only its certificate; the server's default user unless `user` is given. */
export function dovecotAccount(
  server: DovecotServer,
  account: Pick<RcAccount, 'name' | 'path'> & Partial<Omit<RcAccount, 'user'>> & { user?: TestUser },
): RcAccount {
  const { user = server.user, ...rest } = account;
  return {
    port: server.imapsPort,
    certificateFile: server.caFile,
    systemCertificates: false,
    password: { pass: user.password },
    ...rest,
    user: user.user,
  };
}

/** The config text; `comment` lines go first, each as `# …`. */
export function mbsyncrc(accounts: RcAccount[], comment: string[] = []): string {
  const sections = accounts.map((account) => section(account).join('\n') + '\n');
  return [...comment.map((line) => `# ${line}\n`), ...sections].join('\n');
}

function section(a: RcAccount): string[] {
  const path = a.path.replace(/\/*$/, '/');
  const yesNo = (on: boolean) => (on ? 'yes' : 'no');
  return [
    `IMAPAccount ${a.name}`,
    `Host ${a.host ?? 'localhost'}`,
    `Port ${a.port}`,
    `User ${a.user}`,
    'pass' in a.password ? `Pass ${a.password.pass}` : `PassCmd "${a.password.passCmd}"`,
    `SSLType ${a.sslType ?? 'IMAPS'}`,
    ...(a.certificateFile === undefined ? [] : [`CertificateFile ${a.certificateFile}`]),
    ...(a.systemCertificates === undefined ? [] : [`SystemCertificates ${yesNo(a.systemCertificates)}`]),
    ...(a.timeout === undefined ? [] : [`Timeout ${a.timeout}`]),
    '',
    `IMAPStore ${a.name}-remote`,
    `Account ${a.name}`,
    ...(a.storePath === undefined ? [] : [`Path ${a.storePath}`]),
    '',
    `MaildirStore ${a.name}-local`,
    ...(a.subFolders === 'Maildir++' ? [] : [`Path ${path}`]),
    `Inbox ${a.inbox ?? `${path}INBOX`}`,
    `SubFolders ${a.subFolders ?? 'Verbatim'}`,
    ...(a.flatten === undefined ? [] : [`Flatten ${a.flatten}`]),
    '',
    `Channel ${a.name}`,
    `Far :${a.name}-remote:${a.boxes?.far ?? ''}`,
    `Near :${a.name}-local:${a.boxes?.near ?? ''}`,
    `Patterns ${a.patterns ?? '*'}`,
    `Sync ${a.sync ?? 'Pull'}`,
    `Create ${a.create ?? 'Near'}`,
    `Expunge ${a.expunge ?? 'Near'}`,
    ...(a.syncState === undefined ? [] : [`SyncState ${a.syncState}`]),
    `CopyArrivalDate ${yesNo(a.copyArrivalDate ?? true)}`,
    ...(a.maxSize === undefined ? [] : [`MaxSize ${a.maxSize}`]),
  ];
}

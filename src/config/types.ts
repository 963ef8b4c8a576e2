// The resolved shape of an account, whatever config it came from (mbsyncrc or mailkeep's own).
// Pure data: the engine and the app read only this, never the raw config files.

import type { OAuthSettings } from './oauth-providers.js';

export type TlsMode = 'imaps' | 'starttls' | 'none';

/** What happens locally when a message disappears from the server. */
export type DeletionPolicy = 'keep' | 'mirror';

/** mbsync `SubFolders` styles for nested mailboxes on disk. */
export type SubFolderStyle = 'verbatim' | 'maildir++' | 'legacy';

export type PasswordSource =
  | { kind: 'command'; command: string }
  | { kind: 'env'; variable: string }
  | { kind: 'keyring'; attributes: Record<string, string> }
  | { kind: 'plain'; password: string }
  /** Built-in OAuth2 sign-in (`mailkeep login`): the refresh token is in the keyring or a 0600 file, never here. */
  | ({ kind: 'oauth' } & OAuthSettings);

export interface AccountConfig {
  name: string;
  host: string;
  port: number;
  /** mbsync's Tunnel: a shell command whose stdin and stdout are the connection, instead of host:port. */
  tunnel?: string;
  tls: TlsMode;
  /** Minimum TLS version, e.g. 'TLSv1.2'; undefined = Node's default. */
  minTlsVersion?: string;
  user: string;
  /** mbsync `UserCmd`: run to get the user name when `user` is empty. */
  userCommand?: string;
  password: PasswordSource;
  /** Extra CA/cert file to trust (mbsync `CertificateFile`). */
  certificateFile?: string;
  /** Trust the system CA store (mbsync `SystemCertificates`, default yes). */
  systemCertificates: boolean;
  /** mbsync `AuthMechs` in listed order, `*` = any other offered; empty = let the client choose. */
  authMechs: string[];
  /** Use COMPRESS=DEFLATE where the server offers it; undefined = yes. */
  compress?: boolean;
  /** Root of the local Maildir tree for this account (absolute, `~` expanded). */
  localPath: string;
  /**
   * Put before each folder's name under `localPath`, as mbsync does with a `Path` written without
   * a trailing '/' (`Path ~/Mail/gmail-`: localPath ~/Mail, Work in ~/Mail/gmail-Work). Not for INBOX.
   * In Maildir++ it is the folder's whole start, dot included (`.work.`: Inbox/.work.Work,
   * .work.INBOX.Sub), and INBOX's subfolders take it too.
   */
  folderPrefix?: string;
  /** Where INBOX lives on disk (absolute). */
  inboxPath: string;
  subFolders: SubFolderStyle;
  /** mbsync `Flatten` delimiter, if any: nested names are joined with it into one level. */
  flatten?: string;
  /** mbsync-style patterns, in order: `*`, `%`, `!exclusion`, literal names. */
  patterns: string[];
  /**
   * An mbsync Channel without Patterns syncs one mailbox into one near mailbox (`Near :store:box`,
   * default INBOX): its `/`-separated name, placed by the rules above instead of the server's name.
   */
  nearMailbox?: string;
  /**
   * An mbsync Channel's Far box without its '/' beside another Near box, with Patterns (`Far
   * :remote:Archive`, `Near :local:arch`): a name that starts with `far` is placed as the name with
   * `near` in its place, as text (Archive → arch, Archive/2023 → arch/2023, Archive.2024 → arch.2024).
   */
  boxRename?: { far: string; near: string };
  deletions: DeletionPolicy;
  /** Parallel IMAP connections. */
  concurrency: number;
  /** Per-day download budget in bytes; null = unlimited. */
  dailyBudgetBytes: number | null;
  /** Set file mtime to the server's INTERNALDATE (mbsync `CopyArrivalDate`). */
  copyArrivalDate: boolean;
  /** Seconds before a connect or a stalled read is given up (mbsync `Timeout`); 0 = never. */
  timeoutSeconds: number;
  /** Skip messages larger than this many bytes (mbsync `MaxSize`); null = no limit. */
  maxMessageBytes: number | null;
  /** Where mailkeep keeps per-mailbox state for this account (absolute). */
  stateDir: string;
  /**
   * Server-side prefix from an mbsync far store (`Path`, or `Far :store:[Gmail]/`): prepended to
   * mailbox names on the server and not matched by `patterns`. Undefined = none.
   */
  remotePrefix?: string;
  /** Set for a Channel read from an mbsyncrc: where mbsync keeps its state, to adopt its Maildir. */
  mbsync?: MbsyncChannel;
}

/** Where mbsync keeps a channel's sync state (mbsyncrc `SyncState`; default `~/.mbsync/`). */
export type MbsyncStateLocation =
  | { kind: 'in-maildir' }
  /** `SyncState` inside the Channel: the path prefix, then the near mailbox name. */
  | { kind: 'channel'; prefix: string }
  /** Global `SyncState` (or the default): `<dir>:<far store>:<far box>_:<near store>:<near box>`, ':' being FieldDelimiter. */
  | { kind: 'global'; prefix: string; farStore: string; nearStore: string; delimiter?: string };

export interface MbsyncChannel {
  state: MbsyncStateLocation;
  /** The box parts of `Far :store:box` and `Near :store:box` with Patterns (prefixes); empty without. */
  farBox: string;
  nearBox: string;
  /** The far store has no `Path` and UseNamespace is on (mbsync's default): the server's personal NAMESPACE prefix is its Path. */
  namespacePrefix?: boolean;
}

/** How the app and `sync --watch` keep the backup fresh (mailkeep's own config, top level). */
export interface StayInSync {
  /** Time between timed passes as written (`15m`, `90s`, or minutes); default 15 min, 0 = none. */
  syncEvery?: string | number;
  /** Ring the terminal bell when new mail is stored. */
  bell?: boolean;
}

export interface LoadedConfig extends StayInSync {
  accounts: AccountConfig[];
  /** Where it came from, for messages like "using ~/.mbsyncrc". */
  source: { kind: 'mailkeep' | 'mbsyncrc' | 'none'; path: string };
  /** mbsync `Group`s: group name → channel specs (`channel` or `channel:box1,box2`). */
  groups?: Record<string, string[]>;
  /** Non-fatal findings, each already formatted as `file:line: text`. */
  warnings: string[];
}

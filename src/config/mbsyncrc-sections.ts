// What the mbsyncrc parser collects per section before channels are resolved into accounts.
import type { PasswordSource, SubFolderStyle, TlsMode } from './types.js';
import type { Side, SyncOps } from './mbsyncrc-values.js';

export interface MappingEntry {
  line: number;
  /** The config line as written (a `Pass` value is masked). */
  text: string;
  outcome: 'mapped' | 'ignored' | 'warning';
  note: string;
}

/** Connection fields of an `IMAPAccount`, or written inline in an `IMAPStore`. */
export interface ImapAccountFields {
  host?: string;
  port?: number;
  tls?: TlsMode;
  minTlsVersion?: string;
  user?: string;
  userCommand?: string;
  password?: PasswordSource;
  certificateFile?: string;
  systemCertificates?: boolean;
  authMechs?: string[];
  pipelineDepth?: number;
  timeoutSeconds?: number;
  /** The first of UseIMAPS, RequireSSL, UseTLSv1.x (mbsync < 1.2), and whether it was `UseIMAPS yes`. */
  legacyTlsLine?: number;
  legacyImaps?: boolean;
  /** `Tunnel`: a shell command whose stdin and stdout are the connection. */
  tunnel?: string;
}

export interface ImapAccountSection {
  kind: 'imap-account';
  name: string;
  line: number;
  fields: ImapAccountFields;
}

export interface ImapStoreSection {
  kind: 'imap-store';
  name: string;
  line: number;
  account?: { name: string; line: number };
  fields: ImapAccountFields;
  path?: string;
  /** `UseNamespace` (mbsync's default: yes). */
  useNamespace?: boolean;
}

export interface MaildirStoreSection {
  kind: 'maildir-store';
  name: string;
  line: number;
  path?: string;
  /** The end of a `Path` written without a trailing '/': mbsync puts it before each folder's name. */
  folderPrefix?: string;
  inbox?: string;
  subFolders?: SubFolderStyle;
  flatten?: string;
  maxSize?: number | null;
}

/** Options valid both in a Channel and before any section (global defaults). */
export interface ChannelOptions {
  ops?: SyncOps;
  expunge?: Side;
  /** isync 1.5's `ExpungeSolo`: expunges only messages the other side no longer has. */
  expungeSolo?: Side;
  /** The channel's own `Expunge` and `ExpungeSolo` lines, whose notes are completed once `Sync` is known. */
  expungeEntries?: MappingEntry[];
  copyArrivalDate?: boolean;
  maxSize?: number | null;
  /** `SyncState`, `~` expanded: `*` or a path prefix. */
  syncState?: string;
  /** Global `FieldDelimiter`: joins the parts of the default state file's name (default ':'). */
  fieldDelimiter?: string;
  /** The values of the Sync, Expunge, Create and Remove lines so far, by keyword (lower case). */
  argsSoFar?: Record<string, string[]>;
}

export interface StoreRef {
  store: string;
  box: string;
  line: number;
}

export interface ChannelSection extends ChannelOptions {
  kind: 'channel';
  name: string;
  line: number;
  far?: StoreRef;
  near?: StoreRef;
  patterns?: string[];
}

export interface GroupSection {
  kind: 'group';
  name: string;
  line: number;
  channels: { spec: string; line: number }[];
}

export type Section = ImapAccountSection | ImapStoreSection | MaildirStoreSection | ChannelSection | GroupSection;

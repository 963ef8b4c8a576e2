// The contract between the sync engine and the local Maildir store (like isync's driver.h for
// its Maildir driver). src/maildir/ is the only code that writes mail files.

/** IMAP system flags mailkeep keeps, as Maildir info letters (sorted: D F P R S T). */
export type MaildirFlag = 'D' | 'F' | 'P' | 'R' | 'S' | 'T';

export interface StoredMessage {
  /** Server UID this file holds (parsed from the file name). */
  uid: number;
  /** UIDVALIDITY the UID belongs to (parsed from the file name). */
  uidValidity: number;
  /** Sorted Maildir flag letters currently in the file name. */
  flags: string;
  /** Absolute path of the file now. */
  path: string;
  /** Size in bytes, from the name (`,S=`) or stat. */
  size: number;
}

export interface IncomingMessage {
  uid: number;
  uidValidity: number;
  flags: string;
  /** Server INTERNALDATE; becomes the file's mtime when arrival dates are on. */
  internalDate?: Date;
  /** Exact bytes of BODY.PEEK[]: a Buffer for small messages, an async chunk stream for big ones. */
  body: Buffer | AsyncIterable<Buffer>;
}

export interface MaildirFolder {
  readonly path: string;
  /** Every message file in cur/ and new/ that carries a mailkeep UID, keyed by `${uidValidity}:${uid}`; tmp/ is ignored. */
  scan(): Promise<Map<string, StoredMessage>>;
  /**
   * Store a batch: each into tmp/ (exclusive create, 0600), fsync, rename into new/ or cur/. When it
   * resolves every file's bytes are on disk; its new name is too once sync() resolves.
   */
  writeBatch(messages: IncomingMessage[]): Promise<StoredMessage[]>;
  /**
   * Rename stored files to carry new flags (into cur/, mutt's "no longer new"); durable after
   * sync(). Returns the messages as they are now, in order.
   */
  setFlags(updates: readonly { message: StoredMessage; flags: string }[]): Promise<StoredMessage[]>;
  /** Remove stored files (mirror deletions only); durable after sync(). */
  remove(messages: readonly StoredMessage[]): Promise<void>;
  /**
   * Like remove(), but each file is renamed into tmp/ (set-aside.ts), out of every reader's sight,
   * for another folder to link; durable after sync(). `onMoved` is told of each rename as soon as
   * it is made. Returns the messages as they are now, in order.
   */
  setAside(
    messages: readonly StoredMessage[],
    onMoved?: (message: StoredMessage, aside: StoredMessage) => void,
  ): Promise<StoredMessage[]>;
  /**
   * Make every rename and unlink since the last sync() survive a crash: fsync each directory they
   * touched, once. Call it before recording any of them elsewhere (the state file).
   */
  sync(): Promise<void>;
  /**
   * Delete tmp/ files left by an interrupted mailkeep run, and any untouched for 36 hours; returns
   * how many. A set-aside file is deleted only when `keepSetAside` returns false (default: kept).
   */
  cleanTmp(keepSetAside?: (file: string) => boolean): Promise<number>;
}

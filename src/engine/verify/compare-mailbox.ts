// What a mailbox's verification finds without reading a message (pure): UIDs the server has and
// the folder lacks, files kept though the server has them no more, files whose size is not the one
// their name recorded when they were written (truncated or changed), and the messages whose bytes
// must be fetched to tell (the server announces another size than the one stored).
//
// The literal the server sent is the message; RFC822.SIZE may lie (Exchange, re-encoding servers).
// So a stored size that differs from RFC822.SIZE is not a fault by itself: the message is fetched
// and hashed, and when the bytes match, the announced size is recorded as that message's known lie
// (`sizeLies`) and trusted as long as the server keeps announcing the same.
import type { LocalCopy } from './local-copies.js';

export interface ServerMessage {
  uid: number;
  /** RFC822.SIZE. */
  size: number;
}

export interface MailboxComparison {
  missing: number[];
  /** Files of UIDs the server no longer has (kept by archive mode). */
  extra: LocalCopy[];
  /** Files whose size is not the recorded one, or that vanished meanwhile. */
  damaged: LocalCopy[];
  /** Intact copies of messages the server has, in UID order, with the server's size. */
  paired: { copy: LocalCopy; server: ServerMessage }[];
  /** UIDs of `paired` whose bytes must be compared: the size the server announces is not the one stored. */
  sizeSuspects: Set<number>;
}

export function compareMailbox(
  server: readonly ServerMessage[],
  local: ReadonlyMap<number, LocalCopy>,
  sizeLies: Readonly<Record<string, number>>,
): MailboxComparison {
  const result: MailboxComparison = { missing: [], extra: [], damaged: [], paired: [], sizeSuspects: new Set() };
  const onServer = new Set<number>();
  for (const message of [...server].sort((a, b) => a.uid - b.uid)) {
    onServer.add(message.uid);
    const copy = local.get(message.uid);
    if (copy === undefined) {
      result.missing.push(message.uid);
      continue;
    }
    if (isDamaged(copy)) {
      result.damaged.push(copy);
      continue;
    }
    result.paired.push({ copy, server: message });
    const stored = copy.recordedSize ?? copy.actualSize;
    if (stored !== message.size && sizeLies[message.uid] !== message.size) result.sizeSuspects.add(message.uid);
  }
  for (const copy of local.values()) if (!onServer.has(copy.uid)) result.extra.push(copy);
  result.extra.sort((a, b) => a.uid - b.uid);
  return result;
}

/** Gone, or not the size its name recorded when it was written. */
export function isDamaged(copy: LocalCopy): boolean {
  return copy.actualSize === undefined || (copy.recordedSize !== undefined && copy.actualSize !== copy.recordedSize);
}

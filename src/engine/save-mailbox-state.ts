// What a mailbox's pass records in its state file: mid-pass progress (what is stored so far) and,
// at the end, the point the next pass starts from.
import { readFolderStamp, type LocalMaildirFolder } from '../maildir/index.js';
import type { PreparedMailbox } from './prepare-mailbox.js';
import type { RemoteExamined } from './remote.js';
import type { MailboxStateStore, StoredMailboxState } from './state-store.js';

/** Files the state names by server UID: adopted copies, and mbsync placeholders still to replace. */
export interface NamedFiles {
  adopted: Record<string, string>;
  placeholders: Record<string, string>;
}

/** The state of an unfinished pass: uidNext 0 makes the next pass list every UID. */
export function progressState(uidValidity: number, highestStoredUid: number, files: NamedFiles): StoredMailboxState {
  return { uidValidity, uidNext: 0, messages: 0, highestStoredUid, ...namedFields(files) };
}

export interface FinalState extends NamedFiles {
  examined: RemoteExamined;
  highestStoredUid: number;
  /** Nothing held back (a tripped guard, a skipped message): otherwise uidNext stays 0. */
  complete: boolean;
  /** The account's MaxSize this pass (null: none). */
  sizeLimit: number | null;
}

/** After an fsync of the folder, saves the state with the folder's stamp, unless nothing changed. */
export async function saveFinalState(
  { states, mailbox }: { states: MailboxStateStore; mailbox: { name: string } },
  folder: LocalMaildirFolder,
  { saved, localDir }: Pick<PreparedMailbox, 'saved' | 'localDir'>,
  { examined, highestStoredUid, complete, sizeLimit, ...files }: FinalState,
): Promise<void> {
  const final: StoredMailboxState = {
    uidValidity: examined.uidValidity,
    uidNext: complete ? examined.uidNext : 0,
    messages: examined.messages,
    highestStoredUid,
    ...(examined.highestModSeq !== undefined ? { highestModSeq: examined.highestModSeq } : {}),
    ...(sizeLimit !== null ? { sizeLimit } : {}),
    ...namedFields(files),
  };
  await folder.sync();
  const stamp = readFolderStamp(localDir);
  if (stamp !== null) final.localStamp = stamp;
  if (saved === null || !sameState(saved, final)) await states.save(mailbox.name, final);
}

function namedFields({ adopted, placeholders }: NamedFiles): Partial<NamedFiles> {
  return {
    ...(Object.keys(adopted).length > 0 ? { adopted } : {}),
    ...(Object.keys(placeholders).length > 0 ? { placeholders } : {}),
  };
}

function sameState(a: StoredMailboxState, b: StoredMailboxState): boolean {
  return (
    a.uidValidity === b.uidValidity &&
    a.uidNext === b.uidNext &&
    a.messages === b.messages &&
    a.highestStoredUid === b.highestStoredUid &&
    a.highestModSeq === b.highestModSeq &&
    a.localStamp === b.localStamp &&
    a.sizeLimit === b.sizeLimit &&
    JSON.stringify(a.adopted ?? {}) === JSON.stringify(b.adopted ?? {}) &&
    JSON.stringify(a.placeholders ?? {}) === JSON.stringify(b.placeholders ?? {})
  );
}

// Which messages one incremental round changes (pure): +1% new messages, 1% \Seen toggled, 0.5%
// expunged, each pick shifted by the round number so each round picks other messages. New
// messages are picked by corpus position; flags and expunges from the server's current listing
// (every UID picked is still there), by UID: positions in the listing shift with every expunge,
// which can undo the round's shift and toggle the same flags back.
import type { Corpus, CorpusMessage } from '../support/corpus.js';

const APPEND_EVERY = 100;
const FLAG_EVERY = 100;
const EXPUNGE_EVERY = 200;
/** Spreads the UID-based picks over folders, small ones included. */
const FOLDER_SHIFT = 37;
/** Copies of the big attachment messages would measure the network, not the sync. */
const MAX_COPIED_BYTES = 1024 * 1024;

export interface AppendPick {
  folder: string;
  message: CorpusMessage;
  /** Unique over rounds: goes into the copy's Message-ID. */
  label: string;
}

export interface ListedMessage {
  uid: number;
  flags: string[];
}

/** Folder → its messages as the server lists them now (UID order). */
export type ServerListing = ReadonlyMap<string, readonly ListedMessage[]>;

export interface FolderChanges {
  folder: string;
  markSeen: number[];
  markUnseen: number[];
  expunge: number[];
}

export function pickAppends(corpus: Corpus, round: number): AppendPick[] {
  const picks: AppendPick[] = [];
  let position = 0;
  for (const folder of corpus.folders) {
    for (const message of folder.messages) {
      position++;
      if (position % APPEND_EVERY !== round % APPEND_EVERY || message.raw.length > MAX_COPIED_BYTES) continue;
      picks.push({ folder: folder.name, message, label: `${round}.${position}` });
    }
  }
  return picks;
}

export function pickChanges(listing: ServerListing, round: number): FolderChanges[] {
  const changes: FolderChanges[] = [];
  let folderIndex = 0;
  for (const [folder, messages] of listing) {
    const picked: FolderChanges = { folder, markSeen: [], markUnseen: [], expunge: [] };
    const shift = folderIndex++ * FOLDER_SHIFT + round;
    for (const m of messages) {
      const position = m.uid + shift;
      if (position % EXPUNGE_EVERY === EXPUNGE_EVERY / 4) picked.expunge.push(m.uid);
      else if (position % FLAG_EVERY === 0)
        (m.flags.includes('\\Seen') ? picked.markUnseen : picked.markSeen).push(m.uid);
    }
    if (picked.markSeen.length || picked.markUnseen.length || picked.expunge.length) changes.push(picked);
  }
  return changes;
}

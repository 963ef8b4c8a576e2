// A generated Gmail account: messages under several labels at once, each also in All Mail.
import { brokenMessages } from './corpus-broken-messages.js';
import { regularMessage } from './corpus-messages.js';
import { Writer } from './corpus-writer.js';
import type { Corpus, CorpusFolder } from './corpus.js';

/** Gmail's folders: labels, plus the `[Gmail]/…` ones the personality marks with special-use flags. */
export const GMAIL_FOLDERS = {
  all: '[Gmail]/All Mail',
  sent: '[Gmail]/Sent Mail',
  trash: '[Gmail]/Trash',
  junk: '[Gmail]/Spam',
  labels: [
    'INBOX',
    'Work',
    'Family',
    'Receipts',
    'Travel',
    'Lists/node',
    'Projects/Zürich',
    '[Gmail]/Sent Mail',
    '[Gmail]/Starred',
  ],
} as const;

/**
 * A Gmail account: each message sits in 1–4 label folders (2.5 on average) and in All Mail, the
 * same object in each (loadCorpus gives it one file name, so Dovecot gives it one X-GUID). Trash
 * and Spam hold a few messages of their own, in no other folder, as on Gmail.
 */
export function generateGmailCorpus(messages: number, seed = 1): Corpus {
  const w = new Writer(seed);
  const folders = new Map<string, CorpusFolder>();
  const folder = (name: string) => {
    if (!folders.has(name)) folders.set(name, { name, messages: [] });
    return folders.get(name)!;
  };
  for (const name of [...GMAIL_FOLDERS.labels, GMAIL_FOLDERS.all, GMAIL_FOLDERS.trash, GMAIL_FOLDERS.junk])
    folder(name);
  for (const b of brokenMessages(w, w.date())) {
    const message = { raw: b.raw, flags: [], internalDate: w.date() };
    folder('INBOX').messages.push(message);
    folder(GMAIL_FOLDERS.all).messages.push(message);
  }
  for (let i = 0; i < messages; i++) {
    const message = regularMessage(w, 0);
    const labels = new Set<string>();
    for (let want = w.int(1, 4); labels.size < want;) labels.add(w.pick(GMAIL_FOLDERS.labels));
    for (const label of [...labels, GMAIL_FOLDERS.all]) folder(label).messages.push(message);
  }
  for (const name of [GMAIL_FOLDERS.trash, GMAIL_FOLDERS.junk]) {
    for (let i = 0; i < 3; i++) folder(name).messages.push(regularMessage(w, 0));
  }
  return { folders: [...folders.values()] };
}

// IMAP system flags <-> Maildir info letters (the letters mutt, mbsync and Dovecot agree on).
import type { MaildirFlag } from './types.js';

const IMAP_TO_LETTER: ReadonlyMap<string, MaildirFlag> = new Map([
  ['\\draft', 'D'],
  ['\\flagged', 'F'],
  ['$forwarded', 'P'],
  ['passed', 'P'],
  ['\\answered', 'R'],
  ['\\seen', 'S'],
  ['\\deleted', 'T'],
]);

const LETTER_TO_IMAP: Readonly<Record<MaildirFlag, string>> = {
  D: '\\Draft',
  F: '\\Flagged',
  P: '$Forwarded',
  R: '\\Answered',
  S: '\\Seen',
  T: '\\Deleted',
};

const ORDER = 'DFPRST';

/** Keeps only known letters, once each, in Maildir order (D F P R S T). */
export function normalizeMaildirFlags(letters: string): string {
  let out = '';
  for (const letter of ORDER) if (letters.includes(letter)) out += letter;
  return out;
}

/** IMAP flags (any case, any iterable) → sorted Maildir letters; others dropped. */
export function imapFlagsToMaildir(flags: Iterable<string>): string {
  let letters = '';
  for (const flag of flags) letters += IMAP_TO_LETTER.get(flag.toLowerCase()) ?? '';
  return normalizeMaildirFlags(letters);
}

/** Maildir letters → IMAP flags, in Maildir order; unknown letters dropped. */
export function maildirFlagsToImap(letters: string): string[] {
  return [...normalizeMaildirFlags(letters)].map((letter) => LETTER_TO_IMAP[letter as MaildirFlag]);
}

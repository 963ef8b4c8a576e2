// The reader's keys. Tab is left alone on purpose: the host app uses it to switch screens.

import type { Key } from 'ink';
import { chars, commandIn, DOWN, UP, type KeyTable } from './key-table.js';

export type ReaderCommand =
  | 'down'
  | 'up'
  | 'open'
  | 'back'
  | 'leave'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'changeMailbox'
  | 'search'
  | 'globalSearch'
  | 'searchNext'
  | 'searchPrev'
  | 'limit'
  | 'sort'
  | 'headers'
  | 'attachments'
  | 'save'
  | 'export'
  | 'refresh'
  | 'help';

const SEARCH_HELP = 'search (pattern in the index, text in the pager)';
const GLOBAL_SEARCH_HELP =
  'search all mail: from: to: subject: folder: label: date:2024-01..2024-06 has:attachment is:flagged "phrase" pre* and/or/not (q leaves)';
const LIMIT_HELP = 'limit to pattern: ~f ~s ~b ~d dd/mm/yyyy-dd/mm/yyyy, ! |; "all" clears';

export const READER_KEYS: KeyTable<ReaderCommand> = [
  { command: 'down', keys: 'j ↓', description: 'next message / line', matches: [DOWN, ...chars('j')] },
  { command: 'up', keys: 'k ↑', description: 'previous message / line', matches: [UP, ...chars('k')] },
  { command: 'open', keys: 'Enter', description: 'open message / mailbox', matches: [{ flag: 'return' }] },
  { command: 'back', keys: 'i Esc', description: 'back', matches: [{ flag: 'escape' }, ...chars('i')] },
  { command: 'leave', keys: 'q', description: 'back; in the index, leave the reader', matches: chars('q') },
  { command: 'pageDown', keys: 'Space PgDn', description: 'next page', matches: [{ flag: 'pageDown' }, ...chars(' ')] },
  { command: 'pageUp', keys: '- PgUp', description: 'previous page', matches: [{ flag: 'pageUp' }, ...chars('-')] },
  { command: 'top', keys: 'Home', description: 'first message / top', matches: [{ flag: 'home' }] },
  { command: 'bottom', keys: 'End', description: 'last message / bottom', matches: [{ flag: 'end' }] },
  { command: 'changeMailbox', keys: 'c', description: 'change mailbox', matches: chars('c') },
  { command: 'search', keys: '/', description: SEARCH_HELP, matches: chars('/') },
  { command: 'globalSearch', keys: 'S', description: GLOBAL_SEARCH_HELP, matches: chars('S') },
  { command: 'searchNext', keys: 'n', description: 'next match', matches: chars('n') },
  { command: 'searchPrev', keys: 'N', description: 'previous match', matches: chars('N') },
  { command: 'limit', keys: 'l', description: LIMIT_HELP, matches: chars('l') },
  { command: 'sort', keys: 'o', description: 'sort by date / from / subject / size / thread', matches: chars('o') },
  { command: 'headers', keys: 'h', description: 'toggle full headers', matches: chars('h') },
  { command: 'attachments', keys: 'v', description: 'list attachments', matches: chars('v') },
  { command: 'save', keys: 's', description: 'save attachment', matches: chars('s') },
  {
    command: 'export',
    keys: 'E',
    description: 'export the messages shown: to a file (mbox) or a directory (.eml)',
    matches: chars('E'),
  },
  { command: 'refresh', keys: '$', description: 'rescan for new mail', matches: chars('$') },
  { command: 'help', keys: '?', description: 'this help', matches: chars('?') },
];

export function readerCommandFor(input: string, key: Key): ReaderCommand | undefined {
  if (key.tab) return undefined;
  return commandIn(READER_KEYS, input, key);
}

// Keys as data: the input handler dispatches through this table and the `?` screen lists it.
// Tab is left alone on purpose: the host app uses it to switch screens.
import type { Key } from 'ink';

export type ReaderCommand =
  | 'down'
  | 'up'
  | 'open'
  | 'back'
  | 'pageDown'
  | 'pageUp'
  | 'top'
  | 'bottom'
  | 'changeMailbox'
  | 'search'
  | 'searchNext'
  | 'searchPrev'
  | 'limit'
  | 'sort'
  | 'headers'
  | 'attachments'
  | 'save'
  | 'refresh'
  | 'help';

export interface KeyBinding {
  command: ReaderCommand;
  /** How the help screen names the keys. */
  keys: string;
  description: string;
  matches: (input: string, key: Key) => boolean;
}

const char = (...chars: string[]) => (input: string, key: Key) => !key.ctrl && !key.meta && chars.includes(input);

export const READER_KEYS: KeyBinding[] = [
  { command: 'down', keys: 'j ↓', description: 'next message / line', matches: (i, k) => k.downArrow || char('j')(i, k) },
  { command: 'up', keys: 'k ↑', description: 'previous message / line', matches: (i, k) => k.upArrow || char('k')(i, k) },
  { command: 'open', keys: 'Enter', description: 'open message / mailbox', matches: (_, k) => k.return },
  { command: 'back', keys: 'q i Esc', description: 'back (q in the index leaves the reader)', matches: (i, k) => k.escape || char('q', 'i')(i, k) },
  { command: 'pageDown', keys: 'Space PgDn', description: 'next page', matches: (i, k) => k.pageDown || char(' ')(i, k) },
  { command: 'pageUp', keys: '- PgUp', description: 'previous page', matches: (i, k) => k.pageUp || char('-')(i, k) },
  { command: 'top', keys: 'Home', description: 'first message / top', matches: (_, k) => k.home },
  { command: 'bottom', keys: 'End', description: 'last message / bottom', matches: (_, k) => k.end },
  { command: 'changeMailbox', keys: 'c', description: 'change mailbox', matches: char('c') },
  { command: 'search', keys: '/', description: 'search (pattern in the index, text in the pager)', matches: char('/') },
  { command: 'searchNext', keys: 'n', description: 'next match', matches: char('n') },
  { command: 'searchPrev', keys: 'N', description: 'previous match', matches: char('N') },
  { command: 'limit', keys: 'l', description: 'limit to pattern: ~f ~s ~b ~d dd/mm/yyyy-dd/mm/yyyy, ! |; "all" clears', matches: char('l') },
  { command: 'sort', keys: 'o', description: 'sort by date / from / subject / size / thread', matches: char('o') },
  { command: 'headers', keys: 'h', description: 'toggle full headers', matches: char('h') },
  { command: 'attachments', keys: 'v', description: 'list attachments', matches: char('v') },
  { command: 'save', keys: 's', description: 'save attachment', matches: char('s') },
  { command: 'refresh', keys: '$', description: 'rescan for new mail', matches: char('$') },
  { command: 'help', keys: '?', description: 'this help', matches: char('?') },
];

export function commandFor(input: string, key: Key): ReaderCommand | undefined {
  if (key.tab) return undefined;
  return READER_KEYS.find((b) => b.matches(input, key))?.command;
}

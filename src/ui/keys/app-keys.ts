// Keys as data: the app dispatches through this table and the help screen renders it.

import type { Key } from 'ink';

export type Command =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'first'
  | 'last'
  | 'follow'
  | 'resyncSelected'
  | 'resyncAll'
  | 'toggleErrors'
  | 'editAccount'
  | 'switchView'
  | 'help'
  | 'quit'
  | 'interrupt';

type KeyFlag = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab';

interface KeyMatch {
  /** The typed character (case-sensitive: `g` and `G` differ). */
  input?: string;
  flag?: KeyFlag;
  ctrl?: boolean;
}

export interface KeyBinding {
  command: Command;
  /** How the help screen shows the keys. */
  label: string;
  description: string;
  matches: readonly KeyMatch[];
}

export const KEY_BINDINGS: readonly KeyBinding[] = [
  { command: 'up', label: '↑ k', description: 'select the mailbox above', matches: [{ flag: 'upArrow' }, { input: 'k' }] },
  { command: 'down', label: '↓ j', description: 'select the mailbox below', matches: [{ flag: 'downArrow' }, { input: 'j' }] },
  { command: 'pageUp', label: 'PgUp', description: 'one screen up', matches: [{ flag: 'pageUp' }] },
  { command: 'pageDown', label: 'PgDn', description: 'one screen down', matches: [{ flag: 'pageDown' }] },
  { command: 'first', label: 'Home', description: 'first mailbox', matches: [{ flag: 'home' }] },
  { command: 'last', label: 'End', description: 'last mailbox', matches: [{ flag: 'end' }] },
  { command: 'follow', label: 'f', description: 'follow the mailbox being synced', matches: [{ input: 'f' }] },
  { command: 'resyncSelected', label: 'g', description: 'sync the selected mailbox again', matches: [{ input: 'g' }] },
  {
    command: 'resyncAll',
    label: 'G',
    description: 'sync everything again (queued after the running pass)',
    matches: [{ input: 'G' }],
  },
  { command: 'toggleErrors', label: 'e', description: 'show or hide the error pane', matches: [{ input: 'e' }] },
  { command: 'editAccount', label: 'a', description: 'edit the selected account (server, login, password, folder)', matches: [{ input: 'a' }] },
  { command: 'switchView', label: 'Tab', description: 'switch between sync and reader', matches: [{ flag: 'tab' }] },
  { command: 'help', label: '?', description: 'this help', matches: [{ input: '?' }] },
  { command: 'quit', label: 'q', description: 'quit (asks while syncing)', matches: [{ input: 'q' }] },
  {
    command: 'interrupt',
    label: 'Ctrl-C',
    description: 'quit like q; press twice to force',
    matches: [{ input: 'c', ctrl: true }],
  },
];

function matchesKey(match: KeyMatch, input: string, key: Key): boolean {
  if (Boolean(match.ctrl) !== key.ctrl) return false;
  if (match.flag) return key[match.flag];
  return match.input === input;
}

/** The command bound to a key press, if any. */
export function commandFor(input: string, key: Key): Command | undefined {
  return KEY_BINDINGS.find((binding) => binding.matches.some((m) => matchesKey(m, input, key)))?.command;
}

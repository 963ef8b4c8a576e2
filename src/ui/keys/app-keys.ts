// The app's own keys (sync view and everything around it); the reader has its own table.

import type { Key } from 'ink';
import { chars, commandIn, DOWN, UP, type KeyTable } from './key-table.js';

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
  | 'verifySelected'
  | 'toggleErrors'
  | 'editAccount'
  | 'switchView'
  | 'help'
  | 'quit'
  | 'interrupt';

export const APP_KEYS: KeyTable<Command> = [
  { command: 'up', keys: '↑ k', description: 'select the mailbox above', matches: [UP, ...chars('k')] },
  { command: 'down', keys: '↓ j', description: 'select the mailbox below', matches: [DOWN, ...chars('j')] },
  { command: 'pageUp', keys: 'PgUp', description: 'one screen up', matches: [{ flag: 'pageUp' }] },
  { command: 'pageDown', keys: 'PgDn', description: 'one screen down', matches: [{ flag: 'pageDown' }] },
  { command: 'first', keys: 'Home', description: 'first mailbox', matches: [{ flag: 'home' }] },
  { command: 'last', keys: 'End', description: 'last mailbox', matches: [{ flag: 'end' }] },
  { command: 'follow', keys: 'f', description: 'follow the mailbox being synced', matches: chars('f') },
  {
    command: 'resyncSelected',
    keys: 'g',
    description: 'sync the selected mailbox (or failed account) again',
    matches: chars('g'),
  },
  {
    command: 'resyncAll',
    keys: 'G',
    description: 'sync everything again (queued after the running pass)',
    matches: chars('G'),
  },
  {
    command: 'verifySelected',
    keys: 'V',
    description: 'verify the selected mailbox against the server',
    matches: chars('V'),
  },
  { command: 'toggleErrors', keys: 'e', description: 'show or hide the error pane', matches: chars('e') },
  {
    command: 'editAccount',
    keys: 'a',
    description: 'edit the selected account (server, login, password, folder)',
    matches: chars('a'),
  },
  { command: 'switchView', keys: 'Tab', description: 'switch between sync and reader', matches: [{ flag: 'tab' }] },
  { command: 'help', keys: '?', description: 'this help', matches: chars('?') },
  { command: 'quit', keys: 'q', description: 'quit (asks while syncing)', matches: chars('q') },
  {
    command: 'interrupt',
    keys: 'Ctrl-C',
    description: 'quit like q; press twice to force',
    matches: [{ input: 'c', ctrl: true }],
  },
];

export function commandFor(input: string, key: Key): Command | undefined {
  return commandIn(APP_KEYS, input, key);
}

// Keys as data, one shape for every screen: a table maps each command to the keys that give it
// and a description; the screen dispatches through it and the `?` help screen lists it.

import type { Key } from 'ink';

export type KeyFlag = 'upArrow' | 'downArrow' | 'pageUp' | 'pageDown' | 'home' | 'end' | 'tab' | 'return' | 'escape';

/** A special key (`flag`, with or without modifiers) or a typed character (exact: `g` and `G` differ, no Alt). */
export type KeyMatch = { flag: KeyFlag; ctrl?: never } | { input: string; ctrl?: boolean };

export interface KeyBinding<C extends string> {
  command: C;
  /** How the help screen names the keys. */
  keys: string;
  description: string;
  matches: readonly KeyMatch[];
}

export type KeyTable<C extends string> = readonly KeyBinding<C>[];

function matchesKey(match: KeyMatch, input: string, key: Key): boolean {
  if ('flag' in match) return key[match.flag];
  return match.input === input && Boolean(match.ctrl) === key.ctrl && !key.meta;
}

/** The command a key press gives in `table`, if any. */
export function commandIn<C extends string>(table: KeyTable<C>, input: string, key: Key): C | undefined {
  return table.find((binding) => binding.matches.some((m) => matchesKey(m, input, key)))?.command;
}

export const UP: KeyMatch = { flag: 'upArrow' };
export const DOWN: KeyMatch = { flag: 'downArrow' };

/** Bindings for plain typed characters (`chars('q', 'i')`). */
export function chars(...typed: string[]): KeyMatch[] {
  return typed.map((input) => ({ input }));
}

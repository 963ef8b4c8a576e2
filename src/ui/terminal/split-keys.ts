// Ink hands a run of keys that arrived in one read (fast typing, key repeat, a paste) over as one
// string with the flags of none of them. Escape sequences always come on their own. Pure.

import type { Key } from 'ink';

/** One key from such a run, with the flags Ink would have given it alone. */
function keyOf(char: string, run: Key): [string, Key] {
  const plain: Key = {
    ...run,
    return: false,
    backspace: false,
    delete: false,
    tab: false,
    escape: false,
    ctrl: false,
    meta: false,
    shift: false,
  };
  if (char === '\r' || char === '\n') return ['', { ...plain, return: true }];
  if (char === '\u007f' || char === '\b') return ['', { ...plain, backspace: true }];
  if (char === '\t') return ['', { ...plain, tab: true }];
  const code = char.codePointAt(0)!;
  // Ctrl-A … Ctrl-Z arrive as 0x01 … 0x1a; Ink reports them as the letter with ctrl.
  if (code >= 1 && code <= 26) return [String.fromCharCode(code + 96), { ...plain, ctrl: true }];
  return [char, { ...plain, shift: /[A-Z]/.test(char) }];
}

/** The keys in one input event: itself when it is one key, else one entry per character. */
export function splitKeys(input: string, key: Key): [string, Key][] {
  if ([...input].length <= 1 || key.meta) return [[input, key]];
  return [...input].map((char) => keyOf(char, key));
}

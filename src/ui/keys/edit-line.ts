// Shell-like editing of a one-line text at its end (no cursor movement). Pure.

import type { Key } from 'ink';
import { sanitizeForTerminal } from '../../text/sanitize.js';

/**
 * The text after one key: printable input appends, Backspace deletes a character, Ctrl-U
 * clears, Ctrl-W deletes the word before the end (and the spaces after it) like a shell.
 * `undefined` when the key does not edit the line (Enter, Esc, arrows, other Ctrl keys).
 */
export function editLine(text: string, input: string, key: Key): string | undefined {
  if (key.return || key.escape || key.tab || key.meta) return undefined;
  if (key.backspace || key.delete) return [...text].slice(0, -1).join('');
  if (key.ctrl) {
    if (input === 'u') return '';
    if (input === 'w') return text.replace(/\S*\s*$/, '');
    return undefined;
  }
  const typed = sanitizeForTerminal(input);
  return typed === '' ? undefined : text + typed;
}

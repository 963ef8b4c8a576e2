// Splits an mbsyncrc into logical lines the way mbsync's get_arg() does: `#` starts a comment where
// an argument could start, `"` toggles quoting, `\` escapes the next character, and an empty line
// ends a section.
import { ConfigError } from './errors.js';

export type MbsyncrcLine =
  { kind: 'blank'; line: number } | { kind: 'item'; line: number; keyword: string; args: string[]; text: string };

export function lexMbsyncrc(text: string, file: string): MbsyncrcLine[] {
  const out: MbsyncrcLine[] = [];
  const rawLines = text.split(/\r?\n/);
  if (rawLines.at(-1) === '') rawLines.pop();
  rawLines.forEach((raw, index) => {
    const line = index + 1;
    const words = splitArgs(raw, file, line);
    if (words === 'comment') return;
    const [keyword, ...args] = words;
    if (keyword === undefined) out.push({ kind: 'blank', line });
    else out.push({ kind: 'item', line, keyword, args, text: raw.trim() });
  });
  return out;
}

function splitArgs(raw: string, file: string, line: number): string[] | 'comment' {
  const words: string[] = [];
  let i = 0;
  for (;;) {
    while (i < raw.length && /\s/.test(raw[i]!)) i++;
    if (i >= raw.length) return words;
    if (raw[i] === '#') return words.length === 0 ? 'comment' : words;
    let word = '';
    let quoted = false;
    let escaped = false;
    for (; i < raw.length; i++) {
      const c = raw[i]!;
      if (escaped) {
        escaped = false;
        word += c;
      } else if (c === '\\') escaped = true;
      else if (c === '"') quoted = !quoted;
      else if (!quoted && /\s/.test(c)) break;
      else word += c;
    }
    if (escaped) throw new ConfigError(file, line, 'unterminated escape sequence (a line may not end with \\)');
    if (quoted) throw new ConfigError(file, line, 'missing closing quote');
    words.push(word);
  }
}

import { charWidth } from './display-width.js';

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Hard-wraps lines at `width` terminal cells (the pager's own wrap, so scrolling counts real rows). */
export function wrapLines(lines: string[], width: number): string[] {
  const w = Math.max(1, width);
  const out: string[] = [];
  for (const line of lines) {
    if (PRINTABLE_ASCII.test(line)) {
      // One cell per character: cut by length (most mail, and fast on huge bodies).
      if (line.length <= w) out.push(line);
      else for (let i = 0; i < line.length; i += w) out.push(line.slice(i, i + w));
      continue;
    }
    let row = '';
    let used = 0;
    for (const char of line) {
      const cells = charWidth(char);
      if (used + cells > w && row !== '') {
        out.push(row);
        row = '';
        used = 0;
      }
      row += char;
      used += cells;
    }
    out.push(row);
  }
  return out;
}

import { eachCluster } from './display-width.js';

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
    // Rows are cut out of the line, not built a character at a time (a 15 MB body took seconds).
    let start = 0;
    let at = 0;
    let used = 0;
    eachCluster(line, (end, cells) => {
      if (used + cells > w && at > start) {
        out.push(line.slice(start, at));
        start = at;
        used = 0;
      }
      at = end;
      used += cells;
    });
    out.push(line.slice(start));
  }
  return out;
}

// How the sync screen shares the terminal's rows: the header's four lines, the mailbox table (its
// column titles and at least one row), the error pane and the footer with the keys. In a short
// terminal the parts give way from the least needed: the accounts line, the totals, the progress
// bar, the table; the pass line and the footer (how to quit) stay longest. Each part shown is
// counted in rows, so the screen never holds more rows than the terminal (Ink drew lines over
// each other: 'demo: watching · IDLE (all mailboxes)s -0 deleted').
import type { ProgressSnapshot } from '../../engine/progress-snapshot.js';

/** The header's lines, in the order they are drawn. */
export const HEADER_LINES = ['pass', 'progress', 'totals', 'connections'] as const;
export type HeaderLine = (typeof HEADER_LINES)[number];

export interface SyncLayout {
  header: HeaderLine[];
  /** Rows of the table, its column titles included: 0 (not shown) or at least 2. */
  tableHeight: number;
  errorHeight: number;
  footer: boolean;
}

type Part = HeaderLine | 'footer' | 'table';

/** What is kept first when rows are short; the table takes every row left over. */
const KEPT_FIRST: readonly Part[] = ['pass', 'footer', 'table', 'progress', 'totals', 'connections'];
const TABLE_MIN_HEIGHT = 2;

export function syncLayout(height: number, snapshot: ProgressSnapshot, showErrors: boolean): SyncLayout {
  let left = Math.max(1, height);
  const shown = new Set<Part>();
  for (const part of KEPT_FIRST) {
    const rows = part === 'table' ? TABLE_MIN_HEIGHT : 1;
    if (rows > left) continue;
    shown.add(part);
    left -= rows;
  }
  const table = shown.has('table') ? TABLE_MIN_HEIGHT + left : 0;
  // The error pane takes up to a third of the screen from the table, which keeps its minimum.
  const wanted = showErrors && snapshot.errors.length > 0 ? snapshot.errors.length + 1 : 0;
  const errorHeight = Math.max(0, Math.min(wanted, Math.max(3, Math.floor(height / 3)), table - TABLE_MIN_HEIGHT));
  return {
    header: HEADER_LINES.filter((line) => shown.has(line)),
    tableHeight: table - errorHeight,
    errorHeight,
    footer: shown.has('footer'),
  };
}

/** Rows the table can show below its column titles. */
export function tableViewport(layout: SyncLayout): number {
  return Math.max(0, layout.tableHeight - 1);
}

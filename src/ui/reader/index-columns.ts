// Pure formatting of index columns.
import type { IndexEntry } from '../../reader/index.js';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Jan 02` within the current year, else `2023-01-02` (UTC-free: the viewer's local time). */
export function formatIndexDate(ms: number, now: Date): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return '?';
  if (d.getFullYear() === now.getFullYear()) return `${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, '0')}`;
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** mutt-like status letters: N new/unread, F flagged, r replied, D draft, T trashed. */
export function flagColumn(entry: IndexEntry): string {
  const f = entry.flags;
  return (f.includes('S') ? ' ' : 'N') + (f.includes('F') ? 'F' : f.includes('R') ? 'r' : f.includes('T') ? 'D' : ' ');
}

/** The From column shows the display name alone when there is one (the pager shows both). */
export function senderName(from: string): string {
  const m = /^(.+?) <[^<>]*>$/.exec(from);
  return m ? m[1]! : from;
}

// Column widths for the mailbox table at a given terminal width: narrow terminals drop the
// least useful columns so the mailbox name keeps room to be read (80 columns must fit).

import type { CellId } from './table-lines.js';

export interface Column {
  id: CellId;
  title: string;
  width: number;
  align: 'left' | 'right';
}

/** Room for the selection marker in front of each row. */
export const MARKER_WIDTH = 2;
export const COLUMN_GAP = 1;
const MIN_NAME_WIDTH = 16;

const FIXED: readonly Column[] = [
  { id: 'state', title: 'State', width: 18, align: 'left' },
  { id: 'messages', title: 'Messages', width: 15, align: 'right' },
  { id: 'bytes', title: 'Bytes', width: 9, align: 'right' },
  { id: 'rate', title: 'Rate', width: 10, align: 'right' },
  { id: 'eta', title: 'ETA', width: 7, align: 'right' },
  { id: 'changes', title: '+new ~flag -del', width: 15, align: 'left' },
  { id: 'verified', title: 'Verified', width: 11, align: 'left' },
];

/** Below 80 columns the counts go too (a split pane): a row without its mailbox's name says nothing. */
const DROP_ORDER: readonly CellId[] = ['bytes', 'rate', 'eta', 'verified', 'changes', 'messages'];
/** The last verification is shown only where names keep this much room (89 columns or more). */
const NAME_WIDTH_WITH_VERIFIED = 24;

export function layoutColumns(totalWidth: number): Column[] {
  let fixed = [...FIXED];
  const nameWidth = (): number => totalWidth - MARKER_WIDTH - fixed.reduce((sum, c) => sum + c.width + COLUMN_GAP, 0);
  for (const id of DROP_ORDER) {
    const keepsVerified = fixed.some((c) => c.id === 'verified');
    if (nameWidth() >= (keepsVerified ? NAME_WIDTH_WITH_VERIFIED : MIN_NAME_WIDTH)) break;
    fixed = fixed.filter((c) => c.id !== id);
  }
  return [{ id: 'name', title: 'Mailbox', width: Math.max(1, nameWidth()), align: 'left' }, ...fixed];
}

// Selection and scrolling of the mailbox table as a pure reducer. Until the user moves the
// selection it follows the first active mailbox; after that the user's row stays put, and the
// view shows the active rows too whenever both fit.

export interface TableShape {
  lineCount: number;
  /** Line indices that can be selected (mailbox rows, accounts without any), ascending. */
  selectable: readonly number[];
  /** Line indices of mailboxes being worked on, ascending. */
  active: readonly number[];
  /** Visible lines. */
  viewport: number;
}

export interface ScrollState {
  /** Selected line index, or -1 when there is nothing to select. */
  selected: number;
  /** First visible line. */
  offset: number;
  follow: boolean;
}

export type ScrollAction =
  | { type: 'move'; by: number }
  | { type: 'page'; by: 1 | -1 }
  | { type: 'first' }
  | { type: 'last' }
  | { type: 'follow' };

export const initialScroll: ScrollState = { selected: -1, offset: 0, follow: true };

function nearestSelectable(selectable: readonly number[], line: number): number {
  let best = selectable[0] ?? -1;
  for (const candidate of selectable) {
    if (Math.abs(candidate - line) < Math.abs(best - line)) best = candidate;
  }
  return best;
}

function clampOffset(offset: number, shape: TableShape): number {
  return Math.max(0, Math.min(offset, shape.lineCount - shape.viewport));
}

/** Bring the state in line with the current table: valid selection, active rows and selection in view. */
export function settleScroll(state: ScrollState, shape: TableShape): ScrollState {
  const { selectable, active, viewport } = shape;
  if (selectable.length === 0 || viewport <= 0) return { ...state, selected: -1, offset: 0 };
  const wanted = state.follow && active.length > 0 ? active[0]! : state.selected;
  const selected = nearestSelectable(selectable, wanted < 0 ? 0 : wanted);

  let offset = clampOffset(state.offset, shape);
  const firstActive = active[0];
  const lastActive = active[active.length - 1];
  if (firstActive !== undefined && lastActive !== undefined) {
    const end = lastActive - firstActive < viewport ? lastActive : firstActive;
    if (end >= offset + viewport) offset = end - viewport + 1;
    if (firstActive < offset) offset = firstActive;
  }
  // The selection wins over the active rows; show the account lines between it and the mailbox
  // above (its header, and accounts with no mailboxes, e.g. one whose login failed), and after
  // the last mailbox every line to the end: nothing else can scroll those into view.
  const position = selectable.indexOf(selected);
  const top = position === 0 ? 0 : selectable[position - 1]! + 1;
  const bottom = position === selectable.length - 1 ? shape.lineCount - 1 : selected;
  if (bottom >= offset + viewport) offset = bottom - viewport + 1;
  if (top < offset) offset = top;
  if (selected >= offset + viewport) offset = selected - viewport + 1;
  return { selected, offset: clampOffset(offset, shape), follow: state.follow };
}

export function scrollTable(state: ScrollState, action: ScrollAction, shape: TableShape): ScrollState {
  const settled = settleScroll(state, shape);
  const { selectable } = shape;
  if (selectable.length === 0) return settled;
  const position = Math.max(0, selectable.indexOf(settled.selected));
  let selected: number;
  switch (action.type) {
    case 'follow':
      return settleScroll({ ...settled, follow: true }, shape);
    case 'move':
      selected = selectable[Math.max(0, Math.min(selectable.length - 1, position + action.by))]!;
      break;
    case 'page':
      selected = nearestSelectable(selectable, settled.selected + action.by * Math.max(1, shape.viewport - 1));
      break;
    case 'first':
      selected = selectable[0]!;
      break;
    case 'last':
      selected = selectable[selectable.length - 1]!;
      break;
  }
  return settleScroll({ ...settled, selected, follow: false }, shape);
}

// Where a movement key takes the index cursor, the mailbox cursor or the pager's top line.
import type { ReaderCommand } from '../keys/reader-keys.js';

export type MoveCommand = Extract<ReaderCommand, 'down' | 'up' | 'pageDown' | 'pageUp' | 'top' | 'bottom'>;

const MOVES = new Set<ReaderCommand>(['down', 'up', 'pageDown', 'pageUp', 'top', 'bottom']);

export function isMove(command: ReaderCommand): command is MoveCommand {
  return MOVES.has(command);
}

/** The first row shown of `count` in `height` rows: whole pages, as in mutt, the last filled from above. */
export function pageTop(cursor: number, count: number, height: number): number {
  return Math.max(0, Math.min(Math.floor(cursor / Math.max(1, height)) * height, count - height));
}

/** The position `command` leads to from `at`, kept within 0..last; a page is `page` lines. */
export function moveTo(command: MoveCommand, at: number, last: number, page: number): number {
  const to = { down: at + 1, up: at - 1, pageDown: at + page, pageUp: at - page, top: 0, bottom: last }[command];
  return Math.max(0, Math.min(last, to));
}

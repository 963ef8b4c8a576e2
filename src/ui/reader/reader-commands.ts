// What each command does on each reader screen (index, mailbox list, pager, attachments, help)
// and what a key typed into the prompt does. Pure: files are read by the effects it asks for.
import type { Key } from 'ink';
import { SORT_KEYS } from '../../reader/index.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { editLine } from '../keys/edit-line.js';
import type { ReaderCommand } from '../keys/reader-keys.js';
import { isMove, moveTo, type MoveCommand } from './cursor-move.js';
import { withRows } from './reader-rows.js';
import type { Prompt, ReaderState } from './reader-state.js';

/** What the screen looks like now: the main area's height and the open message's lines. */
export interface ReaderView {
  height: number;
  lines: string[];
}

export type ReaderInput = { command: ReaderCommand } | { promptKey: { input: string; key: Key } };

/** Work for the container: it reads or writes files, then reports back with an action. */
export type ReaderEffect =
  | { kind: 'exit' }
  | { kind: 'open'; then: 'pager' | 'attachments' }
  | { kind: 'searchIndex'; text: string; direction: 1 | -1 }
  | { kind: 'limit'; text: string }
  | { kind: 'globalSearch'; query: string }
  | { kind: 'save'; dir: string }
  | { kind: 'askSaveDir' }
  | { kind: 'export'; to: string }
  | { kind: 'askExportTarget' };

export interface ReaderStep {
  state: ReaderState;
  effect?: ReaderEffect;
}

const SEARCH_PROMPT: Prompt = { kind: 'search', label: 'Search for: ', text: '' };
const GLOBAL_SEARCH_PROMPT: Prompt = { kind: 'globalSearch', label: 'Search all mail: ', text: '' };
const LIMIT_PROMPT: Prompt = { kind: 'limit', label: 'Limit to messages matching: ', text: '' };

/** The next state for a command or a key typed into the prompt, and the effect it asks for. */
export function readerStep(state: ReaderState, input: ReaderInput, view: ReaderView): ReaderStep {
  if ('promptKey' in input) return promptKey(state, input.promptKey.input, input.promptKey.key, view);
  // q is back everywhere but in a folder's index, where it leaves the reader (Esc and i do not: mutt's keys).
  const command = input.command === 'leave' && (state.mode !== 'index' || state.search) ? 'back' : input.command;
  // The same object when nothing changes, so a key that does nothing renders nothing.
  const cleared = state.status === '' ? state : { ...state, status: '' };
  if (command === 'help') {
    const mode = state.mode === 'help' ? state.helpReturn : 'help';
    return { state: { ...cleared, mode, helpReturn: state.mode === 'help' ? state.helpReturn : state.mode } };
  }
  if (state.mode === 'help') return { state: command === 'back' ? { ...cleared, mode: state.helpReturn } : cleared };
  if (command === 'refresh') return { state: { ...cleared, refreshTick: state.refreshTick + 1 } };
  if (state.mode === 'mailboxes') return { state: runMailboxes(cleared, command, view) };
  if (state.mode === 'pager') return runPager(cleared, command, view);
  if (state.mode === 'attachments') return runAttachments(cleared, command, view);
  return runIndex(cleared, command, view);
}

function runIndex(state: ReaderState, command: ReaderCommand, view: ReaderView): ReaderStep {
  if (isMove(command)) {
    return { state: { ...state, cursor: moved(command, state.cursor, state.rows.length - 1, view) } };
  }
  switch (command) {
    case 'open':
      return { state, effect: { kind: 'open', then: 'pager' } };
    case 'attachments':
      return { state, effect: { kind: 'open', then: 'attachments' } };
    case 'back':
      // Out of a search's results back to the folder.
      if (state.search) return { state: { ...state, search: undefined, refreshTick: state.refreshTick + 1 } };
      return { state };
    case 'leave':
      return { state, effect: { kind: 'exit' } };
    case 'globalSearch':
      return { state: { ...state, prompt: GLOBAL_SEARCH_PROMPT } };
    case 'changeMailbox':
      return { state: { ...state, boxCursor: state.current, mode: 'mailboxes' } };
    case 'sort': {
      const sortKey = SORT_KEYS[(SORT_KEYS.indexOf(state.sortKey) + 1) % SORT_KEYS.length]!;
      return { state: { ...withRows({ ...state, sortKey }), status: `sorted by ${sortKey}` } };
    }
    case 'search':
      return { state: { ...state, prompt: SEARCH_PROMPT } };
    case 'searchNext':
    case 'searchPrev': {
      const direction = command === 'searchNext' ? 1 : -1;
      if (!state.lastSearch) return { state };
      return { state, effect: { kind: 'searchIndex', text: state.lastSearch, direction } };
    }
    case 'limit':
      return { state: { ...state, prompt: { ...LIMIT_PROMPT, text: state.limit?.text ?? '' } } };
    case 'export':
      return state.rows.length > 0 ? { state, effect: { kind: 'askExportTarget' } } : { state };
    default:
      return { state };
  }
}

function runMailboxes(state: ReaderState, command: ReaderCommand, view: ReaderView): ReaderState {
  if (isMove(command)) {
    return { ...state, boxCursor: moved(command, state.boxCursor, state.mailboxes.length - 1, view) };
  }
  switch (command) {
    case 'open':
      if (state.boxCursor === state.current && !state.search) return { ...state, mode: 'index' };
      return {
        ...state,
        entries: [],
        rows: [],
        pending: 0,
        limit: undefined,
        search: undefined,
        loading: 'opening…',
        current: state.boxCursor,
        mode: 'index',
        // Leaving a search for the folder it was started from: nothing else would read it again.
        refreshTick: state.search ? state.refreshTick + 1 : state.refreshTick,
      };
    case 'back':
    case 'changeMailbox':
      return { ...state, mode: 'index' };
    default:
      return state;
  }
}

function runPager(state: ReaderState, command: ReaderCommand, view: ReaderView): ReaderStep {
  if (isMove(command)) {
    return { state: { ...state, pagerTop: moved(command, state.pagerTop, maxPagerTop(view), view) } };
  }
  const attachments = state.message?.attachments.length ?? 0;
  switch (command) {
    case 'back':
      return { state: { ...state, mode: 'index' } };
    case 'headers':
      return { state: { ...state, pagerTop: 0, fullHeaders: !state.fullHeaders } };
    case 'attachments':
      return { state: { ...state, mode: 'attachments' } };
    case 'save':
      if (attachments === 1) return { state, effect: { kind: 'askSaveDir' } };
      return {
        state: {
          ...state,
          mode: 'attachments',
          status: attachments ? 'choose an attachment, then s' : 'this message has no attachments',
        },
      };
    case 'search':
      return { state: { ...state, prompt: SEARCH_PROMPT } };
    case 'searchNext':
    case 'searchPrev':
      if (!state.lastSearch) return { state };
      return { state: searchPager(state, state.lastSearch, command === 'searchNext' ? 1 : -1, view) };
    default:
      return { state };
  }
}

function runAttachments(state: ReaderState, command: ReaderCommand, view: ReaderView): ReaderStep {
  const count = state.message?.attachments.length ?? 0;
  if (isMove(command)) {
    return { state: { ...state, attCursor: moved(command, state.attCursor, count - 1, view) } };
  }
  switch (command) {
    case 'save':
    case 'open':
      return count ? { state, effect: { kind: 'askSaveDir' } } : { state };
    case 'back':
      return { state: { ...state, mode: 'pager' } };
    default:
      return { state };
  }
}

/** Where a movement key leads from `at` within 0..last; a page is the main area less one line (one at least). */
function moved(command: MoveCommand, at: number, last: number, view: ReaderView): number {
  return moveTo(command, at, last, Math.max(1, view.height - 1));
}

function maxPagerTop(view: ReaderView): number {
  return Math.max(0, view.lines.length - view.height);
}

function searchPager(state: ReaderState, text: string, direction: 1 | -1, view: ReaderView): ReaderState {
  const { lines } = view;
  const needle = text.toLowerCase();
  const from = state.pagerMatch ?? state.pagerTop - direction;
  for (let step = 1; step <= lines.length; step++) {
    const i = (from + direction * step + lines.length * step) % lines.length;
    if (!lines[i]!.toLowerCase().includes(needle)) continue;
    return { ...state, pagerMatch: i, pagerTop: Math.min(i, maxPagerTop(view)), status: '' };
  }
  return { ...state, status: `not found: ${sanitizeForTerminal(text)}` };
}

function promptKey(state: ReaderState, input: string, key: Key, view: ReaderView): ReaderStep {
  const prompt = state.prompt;
  if (!prompt) return { state };
  if (key.return) return submitPrompt({ ...state, prompt: undefined }, prompt, view);
  if (key.escape) return { state: { ...state, prompt: undefined } };
  const text = editLine(prompt.text, input, key);
  return { state: text === undefined ? state : { ...state, prompt: { ...prompt, text } } };
}

function submitPrompt(state: ReaderState, prompt: Prompt, view: ReaderView): ReaderStep {
  const { text } = prompt;
  if (prompt.kind === 'save') return { state, effect: { kind: 'save', dir: text } };
  if (prompt.kind === 'export') return text.trim() ? { state, effect: { kind: 'export', to: text.trim() } } : { state };
  if (prompt.kind === 'globalSearch')
    return text.trim() ? { state, effect: { kind: 'globalSearch', query: text } } : { state };
  if (prompt.kind === 'limit') {
    const all = !text.trim() || text.trim() === 'all' || text.trim() === '~A';
    if (!all) return { state, effect: { kind: 'limit', text } };
    return { state: { ...withRows({ ...state, limit: undefined }), status: '' } };
  }
  if (!text) return { state };
  const searched = { ...state, lastSearch: text };
  if (state.mode === 'pager') return { state: searchPager(searched, text, 1, view) };
  return { state: searched, effect: { kind: 'searchIndex', text, direction: 1 } };
}

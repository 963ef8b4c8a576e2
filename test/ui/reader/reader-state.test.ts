// The reader's state without rendering: commands and prompt keys through `readerStep`, what
// the effects report through `readerReducer`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Key } from 'ink';
import type { IndexEntry, MailboxInfo, RenderedMessage } from '../../../src/reader/index.js';
import type { ReaderCommand } from '../../../src/ui/keys/reader-keys.js';
import { readerStep, type ReaderEffect, type ReaderView } from '../../../src/ui/reader/reader-commands.js';
import { initialReaderState, readerReducer, type ReaderState } from '../../../src/ui/reader/reader-state.js';

const entry = (n: number, subject: string, flags = 'S'): IndexEntry => ({
  file: `${n}.host:2,${flags}`,
  dir: 'cur',
  size: 100 * n,
  flags,
  date: n * 86_400_000,
  from: `Sender ${n} <s${n}@x.org>`,
  to: 'me@x.org',
  subject,
  references: [],
});
const box = (name: string): MailboxInfo => ({ account: 'work', name, path: `/mail/${name}`, total: 3, unread: 0 });
const message = (attachments: number): RenderedMessage => ({
  headers: { from: 'a', to: 'b', cc: '', date: 'd', subject: 's' },
  bodyLines: [],
  rawHeaderLines: [],
  attachments: Array.from({ length: attachments }, (_, i) => ({
    index: i,
    name: `f${i}`,
    type: 'text/plain',
    size: 1,
  })),
});
const lines = Array.from({ length: 20 }, (_, i) => (i === 12 ? 'the Needle line' : `line ${i}`));
const view: ReaderView = { height: 5, lines };
const key = (flags: Partial<Key> = {}) => ({ ctrl: false, meta: false, return: false, escape: false, ...flags }) as Key;

/** A reader showing INBOX (3 messages, cursor on the newest) beside Archive. */
function loaded(): ReaderState {
  const s = readerReducer(initialReaderState, { type: 'listed', mailboxes: [box('INBOX'), box('Archive')] });
  const entries = [entry(1, 'one'), entry(3, 'three'), entry(2, 'two')];
  return readerReducer(s, { type: 'indexLoaded', entries, newBox: true });
}

function run(state: ReaderState, ...commands: ReaderCommand[]): { state: ReaderState; effect?: ReaderEffect } {
  let step: { state: ReaderState; effect?: ReaderEffect } = { state };
  for (const command of commands) step = readerStep(step.state, { command }, view);
  return step;
}

test('a loaded folder is sorted by date with the cursor on the newest message', () => {
  const s = loaded();
  assert.equal(s.loading, undefined);
  assert.deepEqual(
    s.rows.map((r) => s.entries[r.entry]!.subject),
    ['one', 'two', 'three'],
  );
  assert.equal(s.cursor, 2);
});

test('commands in the index: state and effect', () => {
  const cases: [ReaderCommand[], Partial<ReaderState>, ReaderEffect | undefined][] = [
    [['up'], { cursor: 1 }, undefined],
    [['top', 'up'], { cursor: 0 }, undefined],
    [['pageUp'], { cursor: 0 }, undefined],
    [['open'], { mode: 'index' }, { kind: 'open', then: 'pager' }],
    [['attachments'], { mode: 'index' }, { kind: 'open', then: 'attachments' }],
    // Esc and i leave nothing in the index (mutt's keys: a stray Esc quit the whole app); q leaves the reader.
    [['back'], { mode: 'index' }, undefined],
    [['leave'], { mode: 'index' }, { kind: 'exit' }],
    [['help', 'leave'], { mode: 'index' }, undefined],
    [['changeMailbox', 'leave'], { mode: 'index', current: 0 }, undefined],
    [['changeMailbox'], { mode: 'mailboxes', boxCursor: 0 }, undefined],
    [['changeMailbox', 'down', 'open'], { mode: 'index', current: 1, entries: [], loading: 'opening…' }, undefined],
    [['changeMailbox', 'back'], { mode: 'index', current: 0 }, undefined],
    [['sort'], { sortKey: 'from', status: 'sorted by from' }, undefined],
    [['sort', 'down'], { status: '' }, undefined],
    [['searchNext'], { status: '' }, undefined],
    [['help'], { mode: 'help', helpReturn: 'index' }, undefined],
    [['help', 'down', 'back'], { mode: 'index', cursor: 2 }, undefined],
    [['refresh'], { refreshTick: 1 }, undefined],
  ];
  for (const [commands, expected, effect] of cases) {
    const step = run(loaded(), ...commands);
    for (const [field, value] of Object.entries(expected)) {
      assert.deepEqual(step.state[field as keyof ReaderState], value, `${commands.join(' ')}: ${field}`);
    }
    assert.deepEqual(step.effect, effect, `${commands.join(' ')}: effect`);
  }
});

test('commands in the pager and the attachment list', () => {
  const open = (attachments: number) =>
    readerReducer(loaded(), { type: 'opened', message: message(attachments), mode: 'pager' });
  const cases: [number, ReaderCommand[], Partial<ReaderState>, ReaderEffect | undefined][] = [
    [0, ['pageDown'], { pagerTop: 4 }, undefined],
    [0, ['bottom', 'down'], { pagerTop: 15 }, undefined],
    [0, ['pageDown', 'headers'], { pagerTop: 0, fullHeaders: true }, undefined],
    [0, ['save'], { mode: 'attachments', status: 'this message has no attachments' }, undefined],
    [1, ['save'], { mode: 'pager' }, { kind: 'askSaveDir' }],
    [2, ['save'], { mode: 'attachments', status: 'choose an attachment, then s' }, undefined],
    [2, ['attachments', 'down', 'down'], { attCursor: 1 }, undefined],
    [2, ['attachments', 'open'], { mode: 'attachments' }, { kind: 'askSaveDir' }],
    [0, ['attachments', 'open'], { mode: 'attachments' }, undefined],
    [2, ['attachments', 'back'], { mode: 'pager' }, undefined],
    [0, ['back'], { mode: 'index' }, undefined],
    [0, ['leave'], { mode: 'index' }, undefined],
    [0, ['help', 'help'], { mode: 'pager' }, undefined],
  ];
  for (const [attachments, commands, expected, effect] of cases) {
    const step = run(open(attachments), ...commands);
    for (const [field, value] of Object.entries(expected)) {
      assert.deepEqual(step.state[field as keyof ReaderState], value, `${attachments} ${commands.join(' ')}: ${field}`);
    }
    assert.deepEqual(step.effect, effect, `${attachments} ${commands.join(' ')}: effect`);
  }
});

test('the prompt: typing edits it, Esc drops it, Enter submits by kind', () => {
  const type = (state: ReaderState, text: string) =>
    [...text].reduce((s, ch) => readerStep(s, { promptKey: { input: ch, key: key() } }, view).state, state);
  const press = (state: ReaderState, flags: Partial<Key>) =>
    readerStep(state, { promptKey: { input: '', key: key(flags) } }, view);
  const enter = (state: ReaderState) => press(state, { return: true });

  const searching = type(run(loaded(), 'search').state, '~s two');
  assert.equal(searching.prompt?.text, '~s two');
  assert.equal(press(searching, { escape: true }).state.prompt, undefined);
  const searched = enter(searching);
  assert.equal(searched.state.prompt, undefined);
  assert.equal(searched.state.lastSearch, '~s two');
  assert.deepEqual(searched.effect, { kind: 'searchIndex', text: '~s two', direction: 1 });
  assert.deepEqual(run(searched.state, 'searchPrev').effect, { kind: 'searchIndex', text: '~s two', direction: -1 });

  assert.deepEqual(enter(type(run(loaded(), 'limit').state, '~f bob')).effect, { kind: 'limit', text: '~f bob' });
  const cleared = enter(type(run(loaded(), 'limit').state, 'all'));
  assert.equal(cleared.effect, undefined);
  assert.equal(cleared.state.limit, undefined);

  const pager = readerReducer(loaded(), { type: 'opened', message: message(0), mode: 'pager' });
  const found = enter(type(run(pager, 'search').state, 'needle')).state;
  assert.deepEqual([found.pagerMatch, found.pagerTop, found.status], [12, 12, '']);
  const missing = enter(type(run(pager, 'search').state, 'hay')).state;
  assert.equal(missing.status, 'not found: hay');
});

test('a refresh keeps the cursor on its message; a limit keeps what it matched', () => {
  let s = run(loaded(), 'up').state;
  const limit = { text: '~s t', pattern: [] as never, keys: new Set(['2.host', '3.host']) };
  s = readerReducer(s, { type: 'limited', limit });
  assert.deepEqual([s.rows.length, s.cursor], [2, 1]);
  s = run(s, 'up').state;
  // `two` is read (flag change: new file name) and a new message arrived that the limit matches.
  const entries = [entry(1, 'one'), entry(3, 'three'), entry(2, 'two', 'RS'), entry(4, 'four')];
  const matched = { pattern: limit.pattern, keys: ['4.host'] };
  s = readerReducer(s, { type: 'indexLoaded', entries, newBox: false, matched });
  assert.deepEqual(
    s.rows.map((r) => s.entries[r.entry]!.subject),
    ['two', 'three', 'four'],
  );
  assert.equal(s.entries[s.rows[s.cursor]!.entry]!.subject, 'two');
});

test('a new listing keeps the open folder and the selection on their paths', () => {
  let s = run(loaded(), 'changeMailbox', 'down', 'open').state;
  s = readerReducer(s, { type: 'listed', mailboxes: [box('Archive'), box('Drafts'), box('INBOX')] });
  assert.deepEqual([s.current, s.boxCursor], [0, 0]);
  const empty = readerReducer(s, { type: 'listed', mailboxes: [] });
  assert.equal(empty.status, 'no Maildir folders found');
});

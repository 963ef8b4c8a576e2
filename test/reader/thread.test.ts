import { test } from 'node:test';
import assert from 'node:assert/strict';
import { baseSubject, threadMessages, type ThreadInput } from '../../src/reader/thread.js';

const m = (messageId: string | undefined, references: string[], subject: string, date: number): ThreadInput => ({
  messageId,
  references,
  subject,
  date,
});

test('replies nest under their parent by References, siblings by date', () => {
  const rows = threadMessages([
    m('<c>', ['<a>', '<b>'], 'Re: plan', 3),
    m('<a>', [], 'plan', 1),
    m('<d>', ['<a>'], 'Re: plan', 4),
    m('<b>', ['<a>'], 'Re: plan', 2),
    m('<x>', [], 'other', 0),
  ]);
  assert.deepEqual(rows, [
    { entry: 4, depth: 0 },
    { entry: 1, depth: 0 },
    { entry: 3, depth: 1 },
    { entry: 0, depth: 2 },
    { entry: 2, depth: 1 },
  ]);
});

test('In-Reply-To alone links, and a missing parent promotes its children', () => {
  const rows = threadMessages([m('<b>', ['<gone>'], 'x', 2), m('<c>', ['<gone>'], 'y', 3)]);
  assert.deepEqual(rows, [
    { entry: 0, depth: 0 },
    { entry: 1, depth: 0 },
  ]);
});

test('subject fallback: a Re: without references joins the earliest thread with that subject', () => {
  const rows = threadMessages([
    m('<r>', [], 'Re: [list] Lunch?', 5),
    m('<o>', [], 'Lunch?', 1),
    m('<n>', [], 'Lunch?', 9),
  ]);
  assert.deepEqual(rows, [
    { entry: 1, depth: 0 },
    { entry: 0, depth: 1 },
    { entry: 2, depth: 0 },
  ]);
});

test('reference loops and duplicate Message-IDs do not lose or repeat messages', () => {
  const rows = threadMessages([
    m('<a>', ['<b>'], 's', 1),
    m('<b>', ['<a>'], 's', 2),
    m('<a>', [], 'dup', 3),
    m(undefined, [], 'no id', 4),
  ]);
  assert.deepEqual(rows.map((r) => r.entry).sort(), [0, 1, 2, 3]);
});

test('a chain of 10,000 replies threads without overflowing the stack', () => {
  const chain = Array.from({ length: 10_000 }, (_, i) => m(`<c${i}>`, i ? [`<c${i - 1}>`] : [], 'Re: s', i));
  const rows = threadMessages(chain);
  assert.deepEqual(
    rows.map((r) => [r.entry, r.depth]),
    chain.map((_, i) => [i, i]),
  );
});

test('a message with 60,000 References is threaded by its nearest ones, at once', () => {
  const references = Array.from({ length: 60_000 }, (_, i) => `<r${i}>`);
  const started = performance.now();
  const rows = threadMessages([m('<last>', references, 's', 1), m('<r59990>', [], 'parent', 0)]);
  assert.ok(performance.now() - started < 2000, `took ${Math.round(performance.now() - started)} ms`);
  assert.deepEqual(rows, [
    { entry: 1, depth: 0 },
    { entry: 0, depth: 1 },
  ]);
});

test('baseSubject strips reply/forward prefixes and list tags', () => {
  assert.equal(baseSubject('Re: Fwd: [dev] RE[2]: Hello'), 'hello');
});

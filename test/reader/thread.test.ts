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

test('100,000 replies to one another thread in linear time, in either order; loops are still refused', () => {
  const n = 100_000;
  const chain = Array.from({ length: n }, (_, i) => m(`<c${i}>`, i ? [`<c${i - 1}>`] : [], 'Re: s', i));
  for (const order of [chain, [...chain].reverse()]) {
    const started = performance.now();
    const rows = threadMessages(order);
    assert.ok(performance.now() - started < 3000, `took ${Math.round(performance.now() - started)} ms`);
    assert.equal(rows.length, n);
    assert.equal(Math.max(...rows.map((r) => r.depth)), n - 1);
  }
  // The first of 1,000 replies to one another answers the last: the loop is found 1,000 deep.
  const loop = threadMessages([m('<c0>', ['<c999>'], 's', 0), ...chain.slice(1, 1000)]);
  assert.deepEqual(
    loop.map((r) => [r.entry, r.depth]),
    [[999, 0], ...Array.from({ length: 999 }, (_, i) => [i, i + 1])],
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

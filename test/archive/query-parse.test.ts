import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUERY_DEPTH, MAX_QUERY_TERMS, parseQuery, QueryError, type Query } from '../../src/archive/index.js';

const text = (value: string, field?: string, prefix = false): Query =>
  ({ kind: 'text', ...(field ? { field } : {}), value, prefix }) as Query;
const local = (y: number, m = 0, d = 1) => new Date(y, m, d).getTime();

const CASES: [string, Query][] = [
  ['budget', text('budget')],
  ['budget report', { kind: 'and', items: [text('budget'), text('report')] }],
  ['"quarterly report"', text('quarterly report')],
  ['budg*', text('budg', undefined, true)],
  ['"budg*"', text('budg*')],
  ['from:alice', text('alice', 'from')],
  ['FROM:"Alice Example"', text('Alice Example', 'from')],
  ['to:bob subject:invoice', { kind: 'and', items: [text('bob', 'to'), text('invoice', 'subject')] }],
  ['a or b c', { kind: 'or', items: [text('a'), { kind: 'and', items: [text('b'), text('c')] }] }],
  ['a and (b or c)', { kind: 'and', items: [text('a'), { kind: 'or', items: [text('b'), text('c')] }] }],
  ['not a', { kind: 'not', item: text('a') }],
  ['a NOT b', { kind: 'and', items: [text('a'), { kind: 'not', item: text('b') }] }],
  // `-` before a term is `not`, as in notmuch (and at the start too, where notmuch ignores it).
  ['-a', { kind: 'not', item: text('a') }],
  ['a -b', { kind: 'and', items: [text('a'), { kind: 'not', item: text('b') }] }],
  ['-from:alice', { kind: 'not', item: text('alice', 'from') }],
  ['a -"b c"', { kind: 'and', items: [text('a'), { kind: 'not', item: text('b c') }] }],
  ['-(a or b)', { kind: 'not', item: { kind: 'or', items: [text('a'), text('b')] } }],
  ['foo-bar', text('foo-bar')],
  ['--x', text('--x')],
  ['a - b', { kind: 'and', items: [text('a'), text('-'), text('b')] }],
  ['folder:Archive/2024', { kind: 'folder', name: 'Archive/2024', prefix: false }],
  ['folder:Archive/*', { kind: 'folder', name: 'Archive/', prefix: true }],
  ['label:Work', { kind: 'label', name: 'Work', prefix: false }],
  ['has:attachment', { kind: 'attachment' }],
  ['is:unread', { kind: 'flag', flag: 'S', set: false }],
  ['is:flagged', { kind: 'flag', flag: 'F', set: true }],
  ['date:2024', { kind: 'date', from: local(2024), until: local(2025) }],
  ['date:2024-01..2024-06', { kind: 'date', from: local(2024, 0), until: local(2024, 6) }],
  ['date:2024-03-15', { kind: 'date', from: local(2024, 2, 15), until: local(2024, 2, 16) }],
  ['date:2024-12..', { kind: 'date', from: local(2024, 11) }],
  ['date:..2020', { kind: 'date', until: local(2021) }],
  // Hostile or odd input: literal, never syntax.
  ['5" screen', { kind: 'and', items: [text('5"'), text('screen')] }],
  ['http://example.org/x', text('http://example.org/x')],
  ['re:hello', text('re:hello')],
  ['NEAR(a b)', { kind: 'and', items: [text('NEAR'), { kind: 'and', items: [text('a'), text('b')] }] }],
  ['^start col:x {sender}', { kind: 'and', items: [text('^start'), text('col:x'), text('{sender}')] }],
  ['*', { kind: 'all' }],
  ['"*"', text('*')],
  ['not *', { kind: 'not', item: { kind: 'all' } }],
  ['date:2024-02-29', { kind: 'date', from: local(2024, 1, 29), until: local(2024, 2, 1) }],
  // A Message-ID as notmuch takes it, as mutt shows it, quoted; the index keeps it in brackets.
  ['id:abc@example.com', { kind: 'id', messageId: '<abc@example.com>' }],
  ['id:<abc@example.com>', { kind: 'id', messageId: '<abc@example.com>' }],
  ['id:"abc@example.com"', { kind: 'id', messageId: '<abc@example.com>' }],
  ['MID:"<a.b:c/d*@example.com>"', { kind: 'id', messageId: '<a.b:c/d*@example.com>' }],
  ['id:x*', { kind: 'id', messageId: '<x*>' }],
  ['-id:a@b', { kind: 'not', item: { kind: 'id', messageId: '<a@b>' } }],
];

for (const [input, expected] of CASES) {
  test(`parseQuery ${JSON.stringify(input)}`, () => {
    assert.deepEqual(parseQuery(input), expected);
  });
}

const ERRORS: [string, RegExp][] = [
  ['', /empty query/],
  ['   ', /empty query/],
  ['(a or b', /'\(' without its '\)'/],
  ['a)', /'\)' without its '\('/],
  ['a and', /ends where a term/],
  ['or a', /'or' needs a term/],
  ['not', /ends where a term/],
  ['date:2024-13', /date:2024-13: expected YYYY/],
  ['date:3x..', /^date:3x\.\.: expected YYYY, YYYY-MM, YYYY-MM-DD, today, yesterday, now, a weekday or a time back/],
  ['date:2..', /date:2\.\.: expected/],
  ['date:3d2', /date:3d2: expected/],
  ['date:today_today', /expected/],
  ['date:ago', /expected/],
  ['date:last_friday', /expected/],
  ['date:january', /expected/],
  ['date:99999999999d..', /expected/],
  ['date:9999999y..', /expected/],
  ['id:', /^id: needs a value$/],
  ['mid:', /^mid: needs a value$/],
  ['id:<>', /^id:<>: no Message-ID between the brackets$/],
  ['date:..', /expected YYYY/],
  ['is:purple', /is:purple: expected one of/],
  ['has:cats', /only has:attachment/],
  ['from:', /from: needs a value/],
  ['""', /empty phrase/],
  ['a "', /a quote without its closing quote: "$/],
  ['"', /a quote without its closing quote: "$/],
  ['"unbalanced quote', /a quote without its closing quote: "unbalanced quote$/],
  ['subject:"budget report and x', /closing quote: subject:"budget report and x$/],
  [`"${'x'.repeat(100)}`, /closing quote: "x{39}…$/],
  ['(', /'\(' without its '\)'/],
  ['()', /empty parentheses/],
  ['a ( ) b', /empty parentheses/],
  ['from:(alice or bob)', /from:\( … \): give from: a word or a "phrase"/],
  ['date:2024-02-30', /date:2024-02-30: expected YYYY/],
  ['date:2023-02-29', /expected YYYY/],
  ['date:2024-04-31..2024-05', /expected YYYY/],
  [`${'('.repeat(MAX_QUERY_DEPTH + 1)}a${')'.repeat(MAX_QUERY_DEPTH + 1)}`, /more than 24 deep/],
  [`${'not '.repeat(MAX_QUERY_DEPTH + 1)}a`, /more than 24 deep/],
  // Far past the limit: an error, not the parser's stack overflowing.
  [`${'('.repeat(20_000)}a`, /more than 24 deep/],
  [Array.from({ length: MAX_QUERY_TERMS + 1 }, (_, i) => `w${i}`).join(' or '), /2001 terms: at most 2000/],
];

for (const [input, message] of ERRORS) {
  test(`parseQuery ${JSON.stringify(input)} is a one-line QueryError`, () => {
    assert.throws(
      () => parseQuery(input),
      (error: unknown) => error instanceof QueryError && message.test(error.message) && !error.message.includes('\n'),
    );
  });
}

test('parseQuery takes nesting and a term count up to the limits', () => {
  const deep = `${'('.repeat(MAX_QUERY_DEPTH)}a${')'.repeat(MAX_QUERY_DEPTH)}`;
  assert.deepEqual(parseQuery(deep), text('a'));
  const wide = parseQuery(Array.from({ length: MAX_QUERY_TERMS }, (_, i) => `w${i}`).join(' or '));
  assert.equal(wide.kind === 'or' && wide.items.length, MAX_QUERY_TERMS);
});

// Wednesday 13 March 2024, 15:45:30.250 local time: what relative dates count back from.
const NOW = new Date(2024, 2, 13, 15, 45, 30, 250).getTime();
const at = (d: number, h = 0, min = 0, sec = 0, m = 2, y = 2024) => new Date(y, m, d, h, min, sec).getTime();

/** As notmuch reads them: rounded at the finest unit named, a start down and an end up. */
const RELATIVE: [string, { from?: number; until?: number }][] = [
  ['date:today', { from: at(13), until: at(14) }],
  ['date:yesterday', { from: at(12), until: at(13) }],
  ['date:yesterday..today', { from: at(12), until: at(14) }],
  ['date:7d..today', { from: at(6), until: at(14) }],
  ['date:3days..', { from: at(10) }],
  ['date:3_days_ago..', { from: at(10) }],
  ['date:1M..', { from: at(1, 0, 0, 0, 1) }],
  ['date:1mo..', { from: at(1, 0, 0, 0, 1) }],
  ['date:two_months..', { from: at(1, 0, 0, 0, 0) }],
  ['date:1y..', { from: at(1, 0, 0, 0, 0, 2023) }],
  ['date:2years..', { from: at(1, 0, 0, 0, 0, 2022) }],
  ['date:5M2d..', { from: at(11, 0, 0, 0, 9, 2023) }],
  // Weeks start on Sunday: two weeks back is Wednesday 28 February, in the week of Sunday the 25th.
  ['date:2w..', { from: at(25, 0, 0, 0, 1) }],
  ['date:this_week', { from: at(10), until: at(17) }],
  ['date:last-week', { from: at(3), until: at(10) }],
  ['date:this_month', { from: at(1), until: at(1, 0, 0, 0, 3) }],
  ['date:2h..', { from: at(13, 13) }],
  ['date:1hour..', { from: at(13, 14) }],
  ['date:30m..', { from: at(13, 15, 15) }],
  ['date:30min..', { from: at(13, 15, 15) }],
  ['date:10s..', { from: at(13, 15, 45, 20) }],
  ['date:10secs..', { from: at(13, 15, 45, 20) }],
  ['date:now', { from: at(13, 15, 45, 30), until: at(13, 15, 45, 31) }],
  ['date:..now', { until: at(13, 15, 45, 31) }],
  ['date:1M..1w', { from: at(1, 0, 0, 0, 1), until: at(10) }],
  ['date:2024..yesterday', { from: at(1, 0, 0, 0, 0), until: at(13) }],
  // A weekday is the last one before today; today's own is a week ago.
  ['date:monday', { from: at(11), until: at(12) }],
  ['date:Wed', { from: at(6), until: at(7) }],
  ['date:mon..', { from: at(11) }],
];

for (const [input, range] of RELATIVE) {
  test(`parseQuery ${JSON.stringify(input)} counts back from the clock given`, () => {
    assert.deepEqual(parseQuery(input, NOW), { kind: 'date', ...range });
  });
}

test('relative dates count back from the real clock by default', () => {
  const today = new Date();
  const midnight = new Date(today.getFullYear(), today.getMonth(), today.getDate()).getTime();
  const query = parseQuery('date:today');
  // Unless midnight passed between the two readings of the clock.
  if (new Date().getDate() === today.getDate()) assert.equal(query.kind === 'date' && query.from, midnight);
  assert.deepEqual(parseQuery('date:2024-03', NOW), parseQuery('date:2024-03'));
});

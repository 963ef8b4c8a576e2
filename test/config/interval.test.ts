import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SYNC_EVERY_MS, formatInterval, parseInterval, syncEveryMs } from '../../src/config/interval.js';

test('intervals as people write them; minutes when no unit; 0 = never; nonsense and over a day refused', () => {
  const cases: [string | number, number | undefined][] = [
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1.5h', 5_400_000],
    ['5', 300_000],
    [5, 300_000],
    ['0', 0],
    [' 2M ', 120_000],
    ['', undefined],
    ['soon', undefined],
    ['-5m', undefined],
    ['25h', undefined],
    ['5 minutes', undefined],
  ];
  for (const [text, ms] of cases) assert.equal(parseInterval(text), ms, String(text));
});

test('formatInterval; --every beats syncEvery beats the default', () => {
  assert.deepEqual([15 * 60_000, 90_000, 3_600_000, 5_400_000].map(formatInterval), [
    '15 min',
    '90 s',
    '1 h',
    '1 h 30 min',
  ]);
  assert.equal(syncEveryMs(undefined), DEFAULT_SYNC_EVERY_MS);
  assert.equal(syncEveryMs('5m'), 300_000);
  assert.equal(syncEveryMs('5m', 60_000), 60_000);
  assert.equal(syncEveryMs(0), 0);
});

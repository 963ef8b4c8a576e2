import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay, retryDelay } from '../../src/engine/backoff.js';

test('backoffDelay doubles per attempt, stays within [half, full] and is capped', () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.equal(backoffDelay(0, { baseMs: 1000, random: low }), 500);
  assert.equal(backoffDelay(0, { baseMs: 1000, random: high }), 1000);
  assert.equal(backoffDelay(3, { baseMs: 1000, random: low }), 4000);
  assert.equal(backoffDelay(3, { baseMs: 1000, random: high }), 8000);
  assert.equal(backoffDelay(30, { baseMs: 1000, maxMs: 60_000, random: high }), 60_000);
  const jittered = new Set([0.1, 0.5, 0.9].map((r) => backoffDelay(2, { random: () => r })));
  assert.equal(jittered.size, 3, 'jitter spreads retries');
});

test('retryDelay: the wait a server suggests (Microsoft 365), when longer than the backoff, capped', () => {
  const low = { baseMs: 1000, random: () => 0 };
  const throttled = (ms: string) =>
    `outlook.office365.com asked to wait: Request is throttled. Suggested Backoff Time: ${ms}`;
  assert.equal(retryDelay(0, throttled('92415 milliseconds'), low), 92415);
  assert.equal(retryDelay(0, throttled('200 milliseconds'), low), 500, 'never shorter than the backoff');
  assert.equal(retryDelay(0, throttled('999999999 milliseconds'), low), 5 * 60_000);
  assert.equal(retryDelay(0, throttled('92415 milliseconds'), { ...low, maxMs: 60_000 }), 60_000);
  assert.equal(retryDelay(3, 'connection to imap.example.org lost: Connection reset', low), 4000);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backoffDelay } from '../../src/engine/backoff.js';

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

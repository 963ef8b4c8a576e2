import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  formatClock,
  formatCount,
  formatDuration,
  formatErrorCount,
  formatEta,
  formatRate,
  progressBar,
} from '../../src/text/format-progress.js';

test('formatRate shows a dash for no rate', () => {
  assert.equal(formatRate(0), '-');
  assert.equal(formatRate(12_300_000), '12 MB/s');
  assert.equal(formatRate(1500.4), '1.5 KB/s');
  assert.equal(formatRate(512.6), '513 B/s');
});

test('formatCount groups thousands regardless of locale', () => {
  assert.equal(formatCount(40000), '40,000');
  assert.equal(formatCount(12), '12');
});

test('formatDuration and formatEta', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(192), '3:12');
  assert.equal(formatDuration(3723), '1:02:03');
  assert.equal(formatEta(null), '--:--');
  assert.equal(formatEta(Infinity), '--:--');
  assert.equal(formatEta(61), '1:01');
});

test('formatClock gives local HH:MM', () => {
  assert.equal(formatClock(new Date(2024, 0, 1, 9, 5).getTime()), '09:05');
  assert.equal(formatClock(new Date(2024, 0, 1, 23, 59).getTime()), '23:59');
});

test('formatErrorCount pluralizes', () => {
  assert.equal(formatErrorCount(0), 'no errors');
  assert.equal(formatErrorCount(1), '1 error');
  assert.equal(formatErrorCount(1234), '1,234 errors');
});

test('progressBar is always exactly the given width', () => {
  assert.equal(progressBar(0, 4), '░░░░');
  assert.equal(progressBar(0.5, 4), '██░░');
  assert.equal(progressBar(1, 4), '████');
  assert.equal(progressBar(7, 4), '████');
  assert.equal(progressBar(Number.NaN, 3), '░░░');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { feedTable, feedTarget, measureFeedCost, type FeedVariant } from './feed-phase.js';
import type { Measurement } from './measure.js';
import { parseBenchOptions } from './options.js';

const run = (wallSeconds: number, exitCode = 0): Measurement => ({
  wallSeconds,
  cpuSeconds: wallSeconds + 1,
  maxRssMb: wallSeconds * 10,
  exitCode,
});

/** A feed phase whose pairs had these (with the index, --no-index) wall times. */
async function feed(walls: [number, number][], failed?: FeedVariant) {
  const calls: string[] = [];
  const result = await measureFeedCost(walls.length, async (variant, round) => {
    calls.push(`${round}:${variant}`);
    const wall = walls[round]![variant === 'index' ? 0 : 1];
    return run(wall, variant === failed && round === 0 ? 1 : 0);
  });
  return { result, calls };
}

test('feed phase: the two variants take turns at going first, one pair per round', async () => {
  const { result, calls } = await feed([
    [11, 10],
    [12, 10],
    [13, 10],
  ]);
  assert.deepEqual(calls, ['0:index', '0:noIndex', '1:noIndex', '1:index', '2:index', '2:noIndex']);
  assert.deepEqual(
    result.rounds.map((r) => r.first),
    ['index', 'noIndex', 'index'],
  );
});

test('feed phase: the ratio is taken within each pair, then the median; medians and the largest RSS per variant', async () => {
  // Ratios 1.2, 1.05, 1.08: the median is 1.08, not the ratio of the median walls (12 / 10 = 1.2).
  const { result } = await feed([
    [12, 10],
    [21, 20],
    [10.8, 10],
  ]);
  assert.equal(result.wallRatio.median.toFixed(3), '1.080');
  assert.equal(result.wallRatio.min.toFixed(3), '1.050');
  assert.equal(result.wallRatio.max.toFixed(3), '1.200');
  assert.equal(result.index.wallSeconds, 12);
  assert.equal(result.noIndex.wallSeconds, 10);
  assert.equal(result.index.maxRssMb, 210);
  const target = feedTarget(result);
  assert.equal(target.met, true);
  assert.equal(target.value, '1.08× (1.05–1.20)');
  assert.equal(target.name, "index feed's cost to a first sync (median of 3 pairs)");
  assert.match(target.goal, /≤ 1\.10× --no-index/);
});

test('feed phase: a median over 1.10 is not met; a failed run fails the target whatever the times', async () => {
  assert.equal(
    feedTarget(
      (
        await feed([
          [12, 10],
          [11.5, 10],
        ])
      ).result,
    ).met,
    false,
  );
  const failed = feedTarget((await feed([[10, 10]], 'noIndex')).result);
  assert.equal(failed.met, false);
  assert.equal(failed.value, '1.00×, a run failed');
  assert.equal(failed.name, "index feed's cost to a first sync (1 pair)");
  assert.equal(feedTarget(undefined).met, null);
});

test('feed phase: its table names both variants with their times, a failed run with its exit code', async () => {
  const table = feedTable((await feed([[12, 10]], 'index')).result).join('\n');
  assert.match(table, /feeding the index \| 12\.00 s \(exit 1\) \| 13\.00 s \| 120 MB/);
  assert.match(table, /--no-index \| 10\.00 s \| 11\.00 s \| 100 MB/);
});

test('--phases feed runs the feed phase alone; without --phases it is among all phases', () => {
  assert.deepEqual([...parseBenchOptions(['--phases', 'feed']).phases], ['feed']);
  assert.ok(parseBenchOptions([]).phases.has('feed'));
});

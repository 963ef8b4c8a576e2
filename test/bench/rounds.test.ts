import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Measurement } from './measure.js';
import { median, roundOrder, summarizeTool, wallRatioRange, type Round } from './rounds.js';

const run = (wallSeconds: number, extra: Partial<Measurement> = {}): Measurement => ({
  wallSeconds,
  cpuSeconds: wallSeconds / 2,
  maxRssMb: 50,
  exitCode: 0,
  ...extra,
});

test('median: middle of an odd count, mean of the two middles of an even one, order does not matter', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.equal(median([7]), 7);
  assert.throws(() => median([]), /no values/);
});

test('roundOrder: the given order, then reversed, taking turns', () => {
  assert.deepEqual(
    [0, 1, 2, 3].map((r) => roundOrder(['mbsync', 'mailkeep'], r)),
    [
      ['mbsync', 'mailkeep'],
      ['mailkeep', 'mbsync'],
      ['mbsync', 'mailkeep'],
      ['mailkeep', 'mbsync'],
    ],
  );
});

test('summarizeTool: median wall and CPU, the largest RSS, and a failed round is not hidden', () => {
  const rounds: Round[] = [
    { first: 'mbsync', runs: { mailkeep: run(1.0, { maxRssMb: 90 }) } },
    { first: 'mailkeep', runs: { mailkeep: run(3.0, { exitCode: 1 }) } },
    { first: 'mbsync', runs: { mailkeep: run(2.0, { maxRssMb: 70 }) } },
  ];
  assert.deepEqual(summarizeTool(rounds, 'mailkeep'), { wallSeconds: 2.0, cpuSeconds: 1.0, maxRssMb: 90, exitCode: 1 });
  assert.equal(summarizeTool(rounds, 'mbsync'), undefined);
});

test('summarizeTool: across a link, the median of each wire count', () => {
  const wire = (roundTrips: number, bytesDown: number) => ({
    connections: 2,
    roundTrips,
    bytesUp: 10,
    bytesDown,
    idleDownMs: bytesDown / 10,
  });
  const rounds: Round[] = [1, 2, 3].map((i) => ({
    first: 'mbsync',
    runs: { mailkeep: run(i, { wire: wire([9, 5, 7][i - 1]!, [300, 100, 200][i - 1]!) }) },
  }));
  assert.deepEqual(summarizeTool(rounds, 'mailkeep')?.wire, wire(7, 200));
});

test('wallRatioRange: the ratio is taken within each round, then the median, not the ratio of medians', () => {
  // A slow round for both (a busy machine) must not skew the ratio: per round 0.5, 0.5, 2.0.
  const rounds: Round[] = [
    { first: 'mbsync', runs: { mbsync: run(2), mailkeep: run(1) } },
    { first: 'mailkeep', runs: { mbsync: run(10), mailkeep: run(5) } },
    { first: 'mbsync', runs: { mbsync: run(1), mailkeep: run(2) } },
  ];
  assert.deepEqual(wallRatioRange(rounds), { median: 0.5, min: 0.5, max: 2 });
  // The ratio of the medians would be 2 / 2 = 1.
  assert.equal(summarizeTool(rounds, 'mailkeep')!.wallSeconds / summarizeTool(rounds, 'mbsync')!.wallSeconds, 1);
});

test('wallRatioRange: rounds without both tools are left out; none at all gives no ratio', () => {
  const paired: Round = { first: 'mbsync', runs: { mbsync: run(2), mailkeep: run(3) } };
  const alone: Round = { first: 'mailkeep', runs: { mailkeep: run(9) } };
  assert.deepEqual(wallRatioRange([paired, alone]), { median: 1.5, min: 1.5, max: 1.5 });
  assert.equal(wallRatioRange([alone]), undefined);
});

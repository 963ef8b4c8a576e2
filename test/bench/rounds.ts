// A phase measured over rounds, summed up (pure): per tool the median wall and CPU time (and
// wire counts, across a link), and the largest RSS of any round; the wall ratio is taken within each round (both tools ran back to
// back, under the same load), then the median and range of those ratios.
import type { LinkCounts } from './link-relay.js';
import type { Measurement } from './measure.js';
import type { Tool } from './options.js';

export interface Round {
  /** Which tool ran first: alternates between rounds, so neither always gets the warmer cache. */
  first: Tool;
  runs: Partial<Record<Tool, Measurement>>;
}

export interface RatioRange {
  median: number;
  min: number;
  max: number;
}

export function median(values: number[]): number {
  if (!values.length) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The tools in the order they run in round `round`: as given, then reversed, and so on. */
export function roundOrder<T>(tools: readonly T[], round: number): T[] {
  return round % 2 ? [...tools].reverse() : [...tools];
}

/** One tool over all rounds; undefined if it did not run. A failed round's exit code is kept. */
export function summarizeTool(rounds: Round[], tool: Tool): Measurement | undefined {
  const runs = rounds.map((r) => r.runs[tool]).filter((m): m is Measurement => m !== undefined);
  return runs.length ? summarizeRuns(runs) : undefined;
}

/** Runs of one kind: median wall and CPU time (and wire counts), the largest RSS, a failed run's exit code. */
export function summarizeRuns(runs: Measurement[]): Measurement {
  const wires = runs.map((m) => m.wire).filter((w): w is LinkCounts => w !== undefined);
  const wireMedian = (key: keyof LinkCounts) => median(wires.map((w) => w[key]));
  return {
    wallSeconds: median(runs.map((m) => m.wallSeconds)),
    cpuSeconds: median(runs.map((m) => m.cpuSeconds)),
    maxRssMb: Math.max(...runs.map((m) => m.maxRssMb)),
    exitCode: runs.find((m) => m.exitCode !== 0)?.exitCode ?? 0,
    ...(wires.length > 0
      ? {
          wire: {
            connections: wireMedian('connections'),
            roundTrips: wireMedian('roundTrips'),
            bytesUp: wireMedian('bytesUp'),
            bytesDown: wireMedian('bytesDown'),
            idleDownMs: wireMedian('idleDownMs'),
          },
        }
      : {}),
  };
}

/** mailkeep ÷ mbsync wall time, per round, then median and range; undefined without a pair. */
export function wallRatioRange(rounds: Round[]): RatioRange | undefined {
  const ratios = rounds.flatMap(({ runs: { mailkeep, mbsync } }) =>
    mailkeep && mbsync && mbsync.wallSeconds > 0 ? [mailkeep.wallSeconds / mbsync.wallSeconds] : [],
  );
  return ratios.length ? ratioRange(ratios) : undefined;
}

export function ratioRange(ratios: number[]): RatioRange {
  return { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

// What the index feed costs a first sync (#19: within 10 % of the same sync without it): mailkeep's
// first sync of the corpus with the index fed as it stores, against the same sync with
// `--no-index`, in pairs. Every run starts from nothing (its own Maildir, state and index); the two
// take turns at going first, and the ratio is taken within each pair (both ran under the same load).
import { cells, row } from './markdown.js';
import type { Measurement } from './measure.js';
import type { Target } from './results.js';
import { ratioRange, roundOrder, summarizeRuns, type RatioRange } from './rounds.js';

export type FeedVariant = 'index' | 'noIndex';

export interface FeedRound {
  first: FeedVariant;
  runs: Record<FeedVariant, Measurement>;
}

export interface FeedResult {
  rounds: FeedRound[];
  /** Over the rounds: median wall and CPU time, the largest RSS, a failed run's exit code. */
  index: Measurement;
  noIndex: Measurement;
  /** With the index ÷ without, per pair: median and range. */
  wallRatio: RatioRange;
}

/** Runs one first sync of `variant` into a fresh copy (round numbers from 0). */
export type FeedRun = (variant: FeedVariant, round: number) => Promise<Measurement>;

export async function measureFeedCost(rounds: number, run: FeedRun): Promise<FeedResult> {
  const done: FeedRound[] = [];
  for (let round = 0; round < rounds; round++) {
    const order = roundOrder<FeedVariant>(['index', 'noIndex'], round);
    const runs: Partial<Record<FeedVariant, Measurement>> = {};
    for (const variant of order) runs[variant] = await run(variant, round);
    done.push({ first: order[0]!, runs: runs as Record<FeedVariant, Measurement> });
  }
  return summarizeFeed(done);
}

/** The rounds summed up (pure). */
export function summarizeFeed(rounds: FeedRound[]): FeedResult {
  return {
    rounds,
    index: summarizeRuns(rounds.map((r) => r.runs.index)),
    noIndex: summarizeRuns(rounds.map((r) => r.runs.noIndex)),
    wallRatio: ratioRange(rounds.map(({ runs }) => runs.index.wallSeconds / runs.noIndex.wallSeconds)),
  };
}

/** The feed's cost may add this much to a first sync's wall time (#19). */
export const FEED_COST_LIMIT = 1.1;

const GOAL = `≤ ${FEED_COST_LIMIT.toFixed(2)}× --no-index`;

const pairs = (feed: FeedResult) => `${feed.rounds.length} pair${feed.rounds.length === 1 ? '' : 's'}`;

export function feedTarget(feed: FeedResult | undefined): Target {
  if (!feed) return { name: "index feed's cost to a first sync", goal: GOAL, value: 'n/a', met: null };
  const failed = [feed.index, feed.noIndex].some((m) => m.exitCode !== 0);
  const r = feed.wallRatio;
  const range = feed.rounds.length > 1 ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '';
  return {
    name: `index feed's cost to a first sync (${feed.rounds.length > 1 ? 'median of ' : ''}${pairs(feed)})`,
    goal: GOAL,
    value: `${r.median.toFixed(2)}×${range}${failed ? ', a run failed' : ''}`,
    met: !failed && r.median <= FEED_COST_LIMIT,
  };
}

/** Markdown lines: each variant's median wall and CPU time and largest RSS. */
export function feedTable(feed: FeedResult): string[] {
  return [
    `Index feed: mailkeep's first sync, ${pairs(feed)}, each run from an empty copy; median wall and CPU, largest RSS`,
    '',
    row(['mailkeep', 'wall', 'CPU', 'RSS']),
    row(Array<string>(4).fill('---')),
    ...(['index', 'noIndex'] as const).map((variant) => {
      const label = variant === 'index' ? 'feeding the index' : '--no-index';
      return row([label, ...cells(feed[variant])]);
    }),
  ];
}

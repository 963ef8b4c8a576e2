// The shape of one benchmark run, as saved to bench-results/<date>.json.
import type { ArchiveIndexResult } from './archive-index.js';
import type { FeedResult } from './feed-phase.js';
import type { GmailResult } from './gmail-phase.js';
import type { LinkProfile } from './link-line.js';
import type { Machine } from './machine.js';
import type { Measurement } from './measure.js';
import type { Mutation } from './mutate.js';
import type { Tool } from './options.js';
import type { RatioRange, Round } from './rounds.js';
import type { Correctness } from './verify.js';

export type SyncPhase = 'initial' | 'noop' | 'incremental';

export interface ToolRun {
  /** Over the phase's rounds: median wall and CPU time, the largest max RSS, a failed round's exit code. */
  measurement: Measurement;
  /** Checked once, after the last round. */
  correctness: Correctness;
}

export interface PhaseRound extends Round {
  /** Incremental: what this round changed on the server before the tools ran. */
  mutation?: Mutation;
}

export interface PhaseResult {
  phase: SyncPhase;
  tools: Partial<Record<Tool, ToolRun>>;
  /** The raw numbers, one entry per round (initial has a single round). */
  rounds: PhaseRound[];
  /** mailkeep ÷ mbsync wall time within each round: median and range over the rounds. */
  wallRatio?: RatioRange;
}

export interface BigMessageRun {
  /** Sync of an account whose INBOX is empty. */
  baseline: Measurement;
  /** Sync of an account whose INBOX holds only the big message. */
  big: Measurement;
  growthMb: number;
}

export interface BigMessageResult {
  messageBytes: number;
  tools: Partial<Record<Tool, BigMessageRun>>;
}

export interface OpenTimes {
  /** Median launch → index on screen, without the tool's cache (header cache, index). */
  coldMs: number;
  /** The same with the cache the run before left. */
  warmMs: number;
}

export interface ReaderOpenResult {
  /** Messages of the folder both tools open. */
  messages: number;
  mutt: OpenTimes;
  mailkeep: OpenTimes;
  /** mailkeep alone on a bigger folder, warm. */
  big: { messages: number; warmMs: number };
}

export interface Target {
  name: string;
  goal: string;
  value: string;
  /** null: not measured in this run. */
  met: boolean | null;
}

export interface BenchResults {
  date: string;
  preset: string;
  machine: Machine;
  /** The line the tools synced across (link relay); absent over plain loopback. */
  link?: LinkProfile;
  /** The main corpus; absent when no sync phase ran. */
  corpus?: { folders: number; messages: number; bytes: number };
  phases: PhaseResult[];
  gmail?: GmailResult;
  big?: BigMessageResult;
  /** mailkeep's first sync with the index fed against --no-index. */
  feed?: FeedResult;
  reader?: ReaderOpenResult;
  index?: ArchiveIndexResult;
  targets: Target[];
}

// The shape of one benchmark run, as saved to bench-results/<date>.json.
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

export interface ReaderResult {
  folder: string;
  messages: number;
  coldMs: number;
  warmMs: number;
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
  /** The main corpus; absent when only the Gmail phase ran. */
  corpus?: { folders: number; messages: number; bytes: number };
  phases: PhaseResult[];
  gmail?: GmailResult;
  big?: BigMessageResult;
  reader?: ReaderResult;
  targets: Target[];
}

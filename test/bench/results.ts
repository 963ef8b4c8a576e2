// The shape of one benchmark run, as saved to bench-results/<date>.json.
import type { Machine } from './machine.js';
import type { Measurement } from './measure.js';
import type { Mutation } from './mutate.js';
import type { Tool } from './options.js';
import type { Correctness } from './verify.js';

export type SyncPhase = 'initial' | 'noop' | 'incremental';

export interface ToolRun {
  measurement: Measurement;
  correctness: Correctness;
}

export interface PhaseResult {
  phase: SyncPhase;
  tools: Partial<Record<Tool, ToolRun>>;
  mutation?: Mutation;
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
  corpus: { folders: number; messages: number; bytes: number };
  phases: PhaseResult[];
  big?: BigMessageResult;
  reader?: ReaderResult;
  targets: Target[];
}

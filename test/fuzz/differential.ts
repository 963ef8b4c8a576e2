// One fuzz case: generated responses, mutated, cut into chunks, run through mailkeep's framer and
// parser and through imapflow's; checked for crashes, for the same frames however the bytes are
// cut, and compared with imapflow. Each difference gets a class for the table in DIFFERENCES.md.
import { chunk, mutate, MUTATIONS, random, response, type Mutation } from './generate.js';
import { difference } from './normal-form.js';
import { runOracle } from './oracle.js';
import { runOurs, type Limits } from './ours.js';

/** Small limits, so that huge lines and lying literals reach them in microseconds. */
export const FUZZ_LIMITS: Limits = { maxLineBytes: 64 * 1024, maxLiteralBytes: 256 * 1024 };

export interface CaseResult {
  seed: number;
  mutation: Mutation;
  /** Difference classes seen (empty = the same parse everywhere). */
  classes: string[];
  /** Set when mailkeep's side did something that is never acceptable (a non-protocol exception, frames that depend on chunking). */
  failure?: string;
  bytes: number;
}

/** A protocol error message without its variable parts: `unreadable server response (expected a number)`. */
function reason(message: string): string {
  const what = /^unreadable server response \(([^)]*?)(?:, got .*)?\)/.exec(message)?.[1];
  const text = (what ?? message.split(':')[0]!).replace(/^bad completion .*/, 'bad completion word');
  return text.replace(/\d+/g, 'N').replace(/"[^"]*"/g, '"…"').slice(0, 60);
}

export async function runCase(seed: number): Promise<CaseResult> {
  const rng = random(seed);
  const count = 1 + Math.floor(rng() * 4);
  const clean = Buffer.concat(Array.from({ length: count }, () => response(rng)));
  const mutation = MUTATIONS[Math.floor(rng() * MUTATIONS.length)]!;
  const data = mutate(rng, clean, mutation, FUZZ_LIMITS.maxLineBytes);
  const chunks = chunk(rng, data);
  const result: CaseResult = { seed, mutation, classes: [], bytes: data.length };
  let ours: ReturnType<typeof runOurs>;
  let whole: ReturnType<typeof runOurs>;
  try {
    ours = runOurs(chunks, FUZZ_LIMITS);
    whole = runOurs([data], FUZZ_LIMITS);
  } catch (error) {
    return { ...result, failure: `crash: ${(error as Error).stack?.split('\n').slice(0, 3).join(' | ')}` };
  }
  const frameKey = (r: typeof ours) => JSON.stringify([r.frames.map((f) => [f.text, f.literals.map((l) => l.toString('hex'))]), r.streamError]);
  if (frameKey(ours) !== frameKey(whole)) return { ...result, failure: 'frames depend on how the bytes were cut' };
  const oracle = await runOracle(chunks, FUZZ_LIMITS);
  const classes = new Set<string>();
  // The connection is dropped at the first unreadable response: nothing after it is compared.
  const n = Math.min(ours.outcomes.length, oracle.outcomes.length);
  let i = 0;
  for (; i < n; i++) {
    const a = ours.outcomes[i]!;
    const b = oracle.outcomes[i]!;
    if ('error' in a || 'error' in b) {
      if (!('error' in b)) classes.add(`ours refuses, imapflow parses: ${reason((a as { error: string }).error)}`);
      else if (!('error' in a)) classes.add(`imapflow refuses, ours parses ${a.form.kind}`);
      break;
    }
    const field = difference(a.form, b.form);
    // A NUL is no IMAP text: the framer turns it into U+FFFD (it marks literals); imapflow keeps it.
    const nul = data.includes(0) ? ' (NUL in the line)' : '';
    if (field !== undefined) classes.add(`both parse, ${field} differs${nul}`);
  }
  const noErrors = i === n;
  const oneStreamError = (ours.streamError === undefined) !== (oracle.streamError === undefined);
  if (noErrors && (ours.outcomes.length !== oracle.outcomes.length || oneStreamError)) {
    const side = (r: { outcomes: unknown[]; streamError?: string | undefined }) =>
      r.streamError !== undefined ? `stream error (${reason(r.streamError)})` : r.outcomes.length > n ? 'more responses' : 'no stream error';
    classes.add(`framing: ours ${side(ours)} / imapflow ${side(oracle)}`);
  }
  result.classes = [...classes];
  return result;
}

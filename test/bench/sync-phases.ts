// The bench's phases against mbsync on the private Dovecot: the sync rounds (initial, no-op,
// incremental), the big message, the index feed's cost and the Gmail account.
import { join } from 'node:path';
import type { Corpus, CorpusMessage } from '../support/corpus.js';
import type { DovecotServer } from '../support/dovecot.js';
import { GMAIL_FOLDERS, generateGmailCorpus } from '../support/gmail-corpus.js';
import type { GmailPersonality } from '../support/gmail-personality.js';
import { loadCorpus } from '../support/server-mail.js';
import { log } from './bench-log.js';
import { measureFeedCost, type FeedResult } from './feed-phase.js';
import { corpusShape, measureGmailSync, type GmailResult } from './gmail-phase.js';
import { mutateServer, type Mutation } from './mutate.js';
import type { BenchOptions } from './options.js';
import type { BenchResults, BigMessageResult, PhaseResult, PhaseRound, SyncPhase } from './results.js';
import { roundOrder, summarizeTool, wallRatioRange } from './rounds.js';
import { serverSnapshot, snapshotTotals, type ServerSnapshot } from './server-snapshot.js';
import { USERS, lastLine, runSync, wireText, type ToolSetup } from './tool-setup.js';
import { verifyLocalCopy } from './verify.js';

/** Distinct messages of the Gmail phase's account, by preset. */
const GMAIL_MESSAGES = { small: 1500, large: 8000 } as const;

export type RunResults = Omit<BenchResults, 'targets'>;

/**
 * One sync phase over `rounds` rounds: before each round `prepare` may change the server; then
 * both tools sync back to back, taking turns at going first. Each copy is checked against the
 * server once, after the last round (a check reads the whole corpus).
 */
async function syncPhase(
  phase: SyncPhase,
  tools: ToolSetup[],
  server: DovecotServer,
  rounds: number,
  prepare?: (round: number) => Promise<Mutation>,
): Promise<{ result: PhaseResult; snapshot: ServerSnapshot }> {
  const result: PhaseResult = { phase, tools: {}, rounds: [] };
  for (let round = 0; round < rounds; round++) {
    const name = rounds > 1 ? `${phase} ${round + 1}/${rounds}` : phase;
    const mutation = prepare ? await prepare(round) : undefined;
    if (mutation)
      log(
        `${name}: server changed: +${mutation.appended} new, ${mutation.flagsChanged} flag changes, ${mutation.expunged} expunged`,
      );
    const order = roundOrder(tools, round);
    const runs: PhaseRound['runs'] = {};
    for (const setup of order) {
      log(`${name}: ${setup.tool} syncing`);
      const m = await runSync(setup, 'main', rounds > 1 ? `${phase}-${round + 1}` : phase);
      log(
        `${name}: ${setup.tool} took ${m.wallSeconds.toFixed(2)} s${wireText(m)}, exit ${m.exitCode}${m.exitCode ? `: ${lastLine(setup)}` : ''}`,
      );
      runs[setup.tool] = m;
    }
    result.rounds.push({ first: order[0]!.tool, runs, ...(mutation ? { mutation } : {}) });
  }
  const snapshot = await serverSnapshot(server);
  for (const setup of tools) {
    log(`${phase}: checking ${setup.tool}'s copy`);
    const correctness = await verifyLocalCopy(setup.tool, join(setup.mailRoot, 'main'), snapshot);
    result.tools[setup.tool] = { measurement: summarizeTool(result.rounds, setup.tool)!, correctness };
  }
  const ratio = wallRatioRange(result.rounds);
  if (ratio) result.wallRatio = ratio;
  return { result, snapshot };
}

function largestMessage(corpus: Corpus): CorpusMessage {
  return corpus.folders.flatMap((f) => f.messages).reduce((a, b) => (b.raw.length > a.raw.length ? b : a));
}

async function bigMessagePhase(tools: ToolSetup[], server: DovecotServer, corpus: Corpus): Promise<BigMessageResult> {
  const message = largestMessage(corpus);
  await loadCorpus(server, { folders: [{ name: 'INBOX', messages: [message] }] }, USERS.big.user);
  const result: BigMessageResult = { messageBytes: message.raw.length, tools: {} };
  for (const setup of tools) {
    log(`big message: ${setup.tool}`);
    const baseline = await runSync(setup, 'empty', 'big-baseline');
    const big = await runSync(setup, 'big', 'big');
    result.tools[setup.tool] = { baseline, big, growthMb: big.maxRssMb - baseline.maxRssMb };
  }
  return result;
}

/** The initial sync, then the phases that need a synced copy. */
export async function syncPhases(
  options: BenchOptions,
  tools: ToolSetup[],
  server: DovecotServer,
  corpus: Corpus,
): Promise<Pick<RunResults, 'corpus' | 'phases' | 'big'>> {
  const phases: PhaseResult[] = [];
  const report = (phase: PhaseResult) => {
    if (options.phases.has(phase.phase)) phases.push(phase);
  };
  const initial = await syncPhase('initial', tools, server, 1);
  report(initial.result);
  if (options.phases.has('noop')) report((await syncPhase('noop', tools, server, options.rounds)).result);
  if (options.phases.has('incremental')) {
    const incremental = await syncPhase('incremental', tools, server, options.rounds, (round) =>
      mutateServer(server, corpus, round),
    );
    report(incremental.result);
  }
  const big = options.phases.has('big') ? await bigMessagePhase(tools, server, corpus) : undefined;
  return { corpus: snapshotTotals(initial.snapshot), phases, ...(big ? { big } : {}) };
}

/** mailkeep's first sync with the index fed and with --no-index, in pairs, each into an empty copy. */
export function feedPhase(rounds: number, fresh: (name: string) => ToolSetup): Promise<FeedResult> {
  return measureFeedCost(rounds, async (variant, round) => {
    const name = `feed ${round + 1}/${rounds}`;
    log(`${name}: mailkeep's first sync ${variant === 'index' ? 'feeding the index' : 'with --no-index'}`);
    const setup = fresh(join('feed', `${round + 1}-${variant}`));
    const m = await runSync(setup, 'main', `feed-${round + 1}-${variant}`, variant === 'index' ? [] : ['--no-index']);
    log(`${name}: took ${m.wallSeconds.toFixed(2)} s, exit ${m.exitCode}${m.exitCode ? `: ${lastLine(setup)}` : ''}`);
    return m;
  });
}

export async function gmailPhase(
  tools: ToolSetup[],
  server: DovecotServer,
  relay: GmailPersonality,
  preset: BenchOptions['preset'],
): Promise<GmailResult> {
  log(`gmail: generating an account of ${GMAIL_MESSAGES[preset]} messages, each in 1–4 labels and All Mail`);
  const corpus = generateGmailCorpus(GMAIL_MESSAGES[preset]);
  await loadCorpus(server, corpus, USERS.gmail.user);
  const snapshot = await serverSnapshot(server, USERS.gmail);
  const result: GmailResult = { ...corpusShape(corpus, GMAIL_FOLDERS.all), tools: {} };
  log(
    `gmail: ${result.unique.messages} messages in ${result.shown.messages} folder places, ${result.labelsPerMessage.toFixed(2)} labels each`,
  );
  for (const setup of tools) {
    log(`gmail: ${setup.tool} syncing`);
    const root = join(setup.mailRoot, 'gmail');
    const run = await measureGmailSync(
      relay,
      root,
      () => runSync(setup, 'gmail', 'gmail'),
      () => verifyLocalCopy(setup.tool, root, snapshot),
    );
    log(
      `gmail: ${setup.tool} took ${run.measurement.wallSeconds.toFixed(2)} s, fetched ${run.bytesFetched} bytes, uses ${run.diskBytes} bytes on disk, exit ${run.measurement.exitCode}${run.measurement.exitCode ? `: ${lastLine(setup)}` : ''}`,
    );
    result.tools[setup.tool] = run;
  }
  return result;
}

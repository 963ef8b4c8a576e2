// `npm run bench`: mailkeep against mbsync on one private Dovecot holding the generated corpus.
// Every phase runs both tools as child processes reading the same mbsyncrc (paths aside); the
// no-op and incremental phases run several rounds (a fresh server change before each incremental
// one), the tools taking turns at going first. Each local copy is then checked against what the
// server holds.
//   node --import tsx test/bench/run.ts [--preset large|small]
//       [--phases initial,noop,incremental,big,feed,reader,index,gmail]
//       [--tools mbsync,mailkeep] [--rounds N] [--keep] [--profile]
//       [--link 40ms/50mbit[,150ms/20mbit] | --link profiles]
// `npm run bench -- --phases gmail --preset small` runs the Gmail phase alone (a few minutes);
// `npm run bench -- --phases reader,index` the reader and index phases alone; `--phases feed` what
// the index feed costs mailkeep's first sync (pairs of first syncs with and without it).
// With --link every IMAP connection of the main accounts goes through a relay that emulates the line
// (link-relay.ts): each line gets fresh local copies and its own report, on the same server.
// The reader and index phases need no server: they read local Maildirs made once by the corpus
// generator (bench-maildirs.ts) and put mailkeep beside mutt and notmuch.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCorpus, type Corpus, type CorpusMessage } from '../support/corpus.js';
import { GMAIL_FOLDERS, generateGmailCorpus } from '../support/gmail-corpus.js';
import { startDovecot, type DovecotServer, type TestUser } from '../support/dovecot.js';
import { startGmailPersonality, type GmailPersonality } from '../support/gmail-personality.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { loadCorpus } from '../support/server-mail.js';
import { ensureProgram } from '../support/system-packages.js';
import { corpusShape, measureGmailSync, type GmailResult } from './gmail-phase.js';
import { measureArchiveIndex } from './archive-index.js';
import { benchFolder, benchTree } from './bench-maildirs.js';
import { measureFeedCost, type FeedResult } from './feed-phase.js';
import type { LinkProfile } from './link-line.js';
import { startLinkRelay, type LinkRelay } from './link-relay.js';
import { describeMachine, type Machine } from './machine.js';
import { timeReaderOpen } from './reader-open.js';
import { measure, type Measurement } from './measure.js';
import { mutateServer, type Mutation } from './mutate.js';
import { parseBenchOptions, type BenchOptions, type Tool } from './options.js';
import { evaluateTargets, formatReport } from './report.js';
import type { BenchResults, BigMessageResult, PhaseResult, PhaseRound, SyncPhase } from './results.js';
import { roundOrder, summarizeTool, wallRatioRange } from './rounds.js';
import { serverSnapshot, snapshotTotals, type ServerSnapshot } from './server-snapshot.js';
import { verifyLocalCopy } from './verify.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const USERS: Record<'main' | 'empty' | 'big' | 'gmail', TestUser> = {
  main: { user: 'bench', password: 'bench-password-1' },
  empty: { user: 'empty', password: 'bench-password-2' },
  big: { user: 'big', password: 'bench-password-3' },
  gmail: { user: 'gmail', password: 'bench-password-4' },
};
/** The sync phases (initial runs whenever one of them does: they need a synced copy). */
const SYNC_PHASES = ['initial', 'noop', 'incremental', 'big'] as const;
/** The phases that sync the main corpus (the feed phase makes its own copies). */
const CORPUS_PHASES = [...SYNC_PHASES, 'feed'] as const;
/** The folder mailkeep and mutt both open, and the bigger one mailkeep opens alone. */
const READER_FOLDER_MESSAGES = 40_000;
const BIG_FOLDER_MESSAGES = 100_000;
/** Distinct messages of the Gmail phase's account, by preset. */
const GMAIL_MESSAGES = { small: 1500, large: 8000 } as const;

const log = (text: string) => process.stderr.write(`bench: ${text}\n`);

interface ToolSetup {
  tool: Tool;
  dir: string;
  mailRoot: string;
  rc: string;
  env: NodeJS.ProcessEnv;
  /** mailkeep under --profile: where each run's CPU profile goes (a sub-directory per run). */
  profileDir?: string;
  /** The line the main accounts are reached across, counting what each run sends over it. */
  link?: LinkRelay;
}

function setUpTool(
  tool: Tool,
  work: string,
  server: DovecotServer,
  relay: GmailPersonality,
  link: LinkRelay | undefined,
  profileDir?: string,
): ToolSetup {
  const dir = join(work, tool);
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const mailRoot = join(dir, 'mail');
  const rc = join(dir, 'mbsyncrc');
  const direct = (['main', 'empty', 'big'] as const).map((name) =>
    dovecotAccount(server, {
      name,
      user: USERS[name],
      path: join(mailRoot, name),
      syncState: '*',
      ...(link ? { port: link.port } : {}),
    }),
  );
  // Gmail through the personality (plain, on loopback), `Patterns *` as in the usual Gmail setup.
  const gmail = dovecotAccount(server, {
    name: 'gmail',
    user: USERS.gmail,
    path: join(mailRoot, 'gmail'),
    syncState: '*',
    port: relay.port,
    sslType: 'None',
  });
  delete gmail.certificateFile;
  delete gmail.systemCertificates;
  // The same server, patterns and durability for both tools; only the local paths differ.
  writeFileSync(rc, mbsyncrc([...direct, gmail]), { mode: 0o600 });
  // The tools' own state and caches stay inside the run's temp dir.
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
  return {
    tool,
    dir,
    mailRoot,
    rc,
    env,
    ...(profileDir && tool === 'mailkeep' ? { profileDir } : {}),
    ...(link ? { link } : {}),
  };
}

function lastLine(setup: ToolSetup): string {
  return readFileSync(join(setup.dir, 'sync.log'), 'utf8').trim().split('\n').pop() ?? '';
}

async function runSync(
  setup: ToolSetup,
  account: keyof typeof USERS,
  label: string,
  extraArgs: string[] = [],
): Promise<Measurement> {
  const logFile = join(setup.dir, 'sync.log');
  // Create Near needs the parent directory of the Maildir root for mbsync.
  mkdirSync(join(setup.mailRoot, account), { recursive: true });
  setup.link?.resetCounts();
  let m: Measurement;
  if (setup.tool === 'mbsync') {
    m = await measure({ command: 'mbsync', args: ['-q', '-c', setup.rc, account], env: setup.env, logFile });
  } else {
    const profile = setup.profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(setup.profileDir, label)] : [];
    const args = [
      ...profile,
      join(repoRoot, 'bin', 'mailkeep.js'),
      'sync',
      '-c',
      setup.rc,
      account,
      '--quiet',
      ...extraArgs,
    ];
    m = await measure({ command: process.execPath, args, env: setup.env, logFile });
  }
  return setup.link ? { ...m, wire: setup.link.counts() } : m;
}

function wireText(m: Measurement): string {
  const w = m.wire;
  return w
    ? `, ${w.roundTrips} round trips, ${(w.bytesDown / 1024 ** 2).toFixed(1)} MB down on ${w.connections} connections`
    : '';
}

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

type RunInfo = { date: string; preset: string; machine: Machine; link?: LinkProfile };
type RunResults = Omit<BenchResults, 'targets'>;

async function bench(options: BenchOptions, work: string): Promise<BenchResults[]> {
  if (!existsSync(join(repoRoot, 'dist', 'cli.js'))) {
    throw new Error('dist/ is missing: run `npm run build` first (npm run bench does)');
  }
  const run: RunInfo = { date: new Date().toISOString(), preset: options.preset, machine: describeMachine() };
  const needsServer = [...CORPUS_PHASES, 'gmail' as const].some((phase) => options.phases.has(phase));
  const results: RunResults[] = needsServer ? await syncBench(options, work, run) : [];
  const local = await localBench(options, work);
  if (results.length === 0) results.push({ ...run, phases: [] });
  results[0] = { ...results[0]!, ...local };
  return results.map((partial) => ({ ...partial, targets: evaluateTargets(partial) }));
}

/** The reader and index phases: local Maildirs, mailkeep beside mutt and notmuch, no server. */
async function localBench(options: BenchOptions, work: string): Promise<Pick<BenchResults, 'reader' | 'index'>> {
  const folder = () => benchFolder(READER_FOLDER_MESSAGES, log);
  const bigFolder = () => benchFolder(BIG_FOLDER_MESSAGES, log);
  const reader = options.phases.has('reader')
    ? await timeReaderOpen(folder(), bigFolder(), join(work, 'reader'), log)
    : undefined;
  if (options.phases.has('index')) log('index: mailkeep index and notmuch new over the large corpus, then queries');
  const index = options.phases.has('index')
    ? await measureArchiveIndex(benchTree(log).path, join(work, 'index'))
    : undefined;
  return { ...(reader ? { reader } : {}), ...(index ? { index } : {}) };
}

/** The phases against mbsync on the private Dovecot, over loopback or across each line. */
async function syncBench(options: BenchOptions, work: string, run: RunInfo): Promise<RunResults[]> {
  if (options.tools.includes('mbsync')) ensureProgram('mbsync', 'isync');
  // Across a line COMPRESS=DEFLATE is offered, as by most providers (both tools use it there); over
  // loopback the server stays as the earlier loopback results were measured.
  const server = await startDovecot({
    users: Object.values(USERS),
    dir: join(work, 'server'),
    keepDir: true,
    compress: options.links.length > 0,
  });
  const relay = await startGmailPersonality({ targetPort: server.imapPort, mailDir: server.mailDir(USERS.gmail.user) });
  try {
    const profileDir = options.profile
      ? join(repoRoot, 'bench-results', `profiles-${run.date.replace(/[:.]/g, '-')}`)
      : undefined;
    if (profileDir) log(`CPU profiles of mailkeep go to ${profileDir}`);
    let corpus: Corpus | undefined;
    if (CORPUS_PHASES.some((phase) => options.phases.has(phase))) {
      log(`generating the ${options.preset} corpus`);
      corpus = generateCorpus(options.preset);
      await loadCorpus(server, corpus, USERS.main.user);
      log('reading the corpus back from the server (also builds its indexes, so neither tool pays for that)');
      await serverSnapshot(server);
    }
    const results: RunResults[] = [];
    for (const link of options.links.length > 0 ? options.links : [undefined]) {
      const linkRelay = link ? await startLinkRelay({ targetPort: server.imapsPort, profile: link }) : undefined;
      if (link) log(`across a line of ${link.rttMs} ms round trip, ${link.mbitPerSecond} Mbit/s each way`);
      try {
        const dir = join(work, link ? link.name.replace('/', '-') : 'loopback');
        const tools = options.tools.map((tool) => setUpTool(tool, dir, server, relay, linkRelay, profileDir));
        const fresh = (name: string) => setUpTool('mailkeep', join(dir, name), server, relay, linkRelay, profileDir);
        const lineRun = { ...run, ...(link ? { link } : {}) };
        results.push(await benchTools(options, lineRun, { tools, fresh }, server, relay, corpus));
      } finally {
        await linkRelay?.close();
      }
    }
    return results;
  } finally {
    await relay.close();
    await server.stop();
  }
}

/**
 * The phases of one run (over loopback, or across one line), each tool from an empty copy;
 * `fresh` sets up another empty copy for mailkeep (the feed phase's runs, after the others).
 */
async function benchTools(
  options: BenchOptions,
  run: RunInfo,
  { tools, fresh }: { tools: ToolSetup[]; fresh: (name: string) => ToolSetup },
  server: DovecotServer,
  relay: GmailPersonality,
  corpus: Corpus | undefined,
): Promise<RunResults> {
  const gmail = options.phases.has('gmail') ? await gmailPhase(tools, server, relay, options.preset) : undefined;
  const synced =
    corpus && SYNC_PHASES.some((phase) => options.phases.has(phase))
      ? await syncPhases(options, tools, server, corpus)
      : { phases: [] };
  const feed =
    options.phases.has('feed') && options.tools.includes('mailkeep')
      ? await feedPhase(options.rounds, fresh)
      : undefined;
  return { ...run, ...synced, ...(gmail ? { gmail } : {}), ...(feed ? { feed } : {}) };
}

/** The initial sync, then the phases that need a synced copy. */
async function syncPhases(
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
function feedPhase(rounds: number, fresh: (name: string) => ToolSetup): Promise<FeedResult> {
  return measureFeedCost(rounds, async (variant, round) => {
    const name = `feed ${round + 1}/${rounds}`;
    log(`${name}: mailkeep's first sync ${variant === 'index' ? 'feeding the index' : 'with --no-index'}`);
    const setup = fresh(join('feed', `${round + 1}-${variant}`));
    const m = await runSync(setup, 'main', `feed-${round + 1}-${variant}`, variant === 'index' ? [] : ['--no-index']);
    log(`${name}: took ${m.wallSeconds.toFixed(2)} s, exit ${m.exitCode}${m.exitCode ? `: ${lastLine(setup)}` : ''}`);
    return m;
  });
}

async function gmailPhase(
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

function saveResults(results: BenchResults): string {
  const dir = join(repoRoot, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const link = results.link ? `-${results.link.name.replace('/', '-')}` : '';
  const file = join(dir, `${results.date.replace(/[:.]/g, '-')}${link}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}

async function main(): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (err) {
    log((err as Error).message);
    return 2;
  }
  const work = mkdtempSync(join(tmpdir(), 'mailkeep-bench-'));
  chmodSync(work, 0o755); // Dovecot's unprivileged processes must reach the server dir inside
  const cleanUp = () => {
    if (options.keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  };
  // Ctrl-C: the harness's exit hook kills Dovecot; the temp dir goes too.
  process.once('SIGINT', () => {
    cleanUp();
    process.exit(130);
  });
  try {
    const runs = await bench(options, work);
    for (const results of runs) {
      process.stdout.write(`${formatReport(results)}\n\n`);
      log(`raw results: ${saveResults(results)}`);
    }
    return runs.some((results) => results.targets.some((t) => t.met === false)) ? 1 : 0;
  } catch (err) {
    const { message, responseText } = err as Error & { responseText?: string };
    log(`failed: ${message}${responseText ? ` (server: ${responseText})` : ''}`);
    return 2;
  } finally {
    cleanUp();
  }
}

process.exitCode = await main();

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
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCorpus, type Corpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer } from '../support/dovecot.js';
import { startGmailPersonality, type GmailPersonality } from '../support/gmail-personality.js';
import { loadCorpus } from '../support/server-mail.js';
import { ensureProgram } from '../support/system-packages.js';
import { measureArchiveIndex } from './archive-index.js';
import { log } from './bench-log.js';
import { benchFolder, benchTree } from './bench-maildirs.js';
import type { LinkProfile } from './link-line.js';
import { startLinkRelay } from './link-relay.js';
import { describeMachine, type Machine } from './machine.js';
import { parseBenchOptions, type BenchOptions } from './options.js';
import { timeReaderOpen } from './reader-open.js';
import { evaluateTargets, formatReport } from './report.js';
import type { BenchResults } from './results.js';
import { serverSnapshot } from './server-snapshot.js';
import { feedPhase, gmailPhase, syncPhases, type RunResults } from './sync-phases.js';
import { USERS, repoRoot, setUpTool, type ToolSetup } from './tool-setup.js';

/** The sync phases (initial runs whenever one of them does: they need a synced copy). */
const SYNC_PHASES = ['initial', 'noop', 'incremental', 'big'] as const;
/** The phases that sync the main corpus (the feed phase makes its own copies). */
const CORPUS_PHASES = [...SYNC_PHASES, 'feed'] as const;
/** The folder mailkeep and mutt both open, and the bigger one mailkeep opens alone. */
const READER_FOLDER_MESSAGES = 40_000;
const BIG_FOLDER_MESSAGES = 100_000;
type RunInfo = { date: string; preset: string; machine: Machine; link?: LinkProfile };

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

// Reader open, side by side with mutt: both run in a real terminal (tmux) on the same big folder
// and are timed from launch until the index with the folder's message count is on screen.
// mutt: `-R`, `sort=threads`, `header_cache` (cold: no cache file, warm: the one the runs before
// wrote). mailkeep: `mailkeep read FOLDER` (cold: an empty cache dir, no index; warm: the folder's
// archive index built). An untimed run of each first brings the folder into the page cache.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureProgram } from '../support/system-packages.js';
import { mailkeepCommand, shellQuote, startTmux } from '../support/tmux.js';
import { fileURLToPath } from 'node:url';
import type { BenchMaildir } from './bench-maildirs.js';
import { measure } from './measure.js';
import type { ReaderOpenResult, OpenTimes } from './results.js';

const ROUNDS = 3;
const MAILKEEP_BIN = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));
const OPEN_TIMEOUT_MS = 180_000;

interface Contender {
  command: string;
  env: NodeJS.ProcessEnv;
  /** Seen once the index with every message is on screen. */
  ready: RegExp;
  /** Forget what an earlier run cached (before a cold run). */
  forget: () => void;
  /** Brings the cache to what a warm open reads, when the cold runs (killed once shown) do not. */
  warmUp?: () => Promise<unknown>;
}

async function timeOpen(c: Contender): Promise<number> {
  const started = performance.now();
  const session = startTmux({ command: c.command, env: c.env, columns: 120, rows: 40 });
  try {
    await session.waitFor(c.ready, `${c.ready.source} on screen`, { timeoutMs: OPEN_TIMEOUT_MS, everyMs: 10 });
    return performance.now() - started;
  } finally {
    session.kill();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** Median of ROUNDS cold opens, then of ROUNDS warm ones. */
async function coldAndWarm(c: Contender, log: (text: string) => void, name: string): Promise<OpenTimes> {
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    c.forget();
    cold.push(await timeOpen(c));
    log(`reader: ${name} cold ${Math.round(cold.at(-1)!)} ms`);
  }
  await c.warmUp?.();
  for (let i = 0; i < ROUNDS; i++) {
    warm.push(await timeOpen(c));
    log(`reader: ${name} warm ${Math.round(warm.at(-1)!)} ms`);
  }
  return { coldMs: median(cold), warmMs: median(warm) };
}

function mutt(folder: BenchMaildir, dir: string): Contender {
  const binary = ensureProgram('mutt', 'mutt');
  mkdirSync(dir, { recursive: true });
  const rc = join(dir, 'muttrc');
  const cache = join(dir, 'hcache');
  writeFileSync(
    rc,
    [`set mbox_type=Maildir`, `set folder=${dir}`, `set header_cache=${cache}`, 'set sort=threads', 'set read_only=yes']
      .map((l) => `${l}\n`)
      .join(''),
  );
  return {
    command: [binary, '-n', '-F', rc, '-R', '-f', folder.path].map(shellQuote).join(' '),
    env: { ...process.env, HOME: dir },
    ready: new RegExp(`Msgs:${folder.messages}\\b`),
    forget: () => rmSync(cache, { recursive: true, force: true }),
  };
}

/** mailkeep's warm cache is the archive index: the reader builds it behind itself, `mailkeep index` at once. */
function mailkeep(folder: BenchMaildir, dir: string): Contender {
  const home = join(dir, 'home');
  const cache = join(home, 'cache');
  mkdirSync(home, { recursive: true });
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_STATE_HOME: join(home, 'state'),
    XDG_CACHE_HOME: cache,
  };
  return {
    command: mailkeepCommand(['read', folder.path]),
    env,
    ready: new RegExp(`\\b${folder.messages} messages\\b`),
    forget: () => rmSync(cache, { recursive: true, force: true }),
    warmUp: () =>
      measure({
        command: process.execPath,
        args: [MAILKEEP_BIN, 'index', folder.path, '--quiet'],
        env,
        logFile: join(dir, 'index.log'),
      }),
  };
}

export async function timeReaderOpen(
  folder: BenchMaildir,
  big: BenchMaildir,
  work: string,
  log: (text: string) => void,
): Promise<ReaderOpenResult> {
  const contenders = { mutt: mutt(folder, join(work, 'mutt')), mailkeep: mailkeep(folder, join(work, 'mailkeep')) };
  log(`reader: bringing ${folder.path} into the page cache`);
  for (const c of Object.values(contenders)) {
    c.forget();
    await timeOpen(c);
  }
  const muttTimes = await coldAndWarm(contenders.mutt, log, `mutt, ${folder.messages} messages`);
  const mailkeepTimes = await coldAndWarm(contenders.mailkeep, log, `mailkeep, ${folder.messages} messages`);
  const large = mailkeep(big, join(work, 'mailkeep-big'));
  large.forget();
  log(`reader: indexing ${big.messages} messages (what warm opens read)`);
  await large.warmUp?.();
  await timeOpen(large); // the page cache, as for the 40k folder
  const bigWarm: number[] = [];
  for (let i = 0; i < ROUNDS; i++) bigWarm.push(await timeOpen(large));
  log(`reader: mailkeep, ${big.messages} messages warm ${bigWarm.map(Math.round).join(', ')} ms`);
  return {
    messages: folder.messages,
    mutt: muttTimes,
    mailkeep: mailkeepTimes,
    big: { messages: big.messages, warmMs: median(bigWarm) },
  };
}

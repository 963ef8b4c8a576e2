// The reader and index phases' part of the report: their targets and tables (pure).
import { formatArchiveIndex, type ArchiveIndexResult } from './archive-index.js';
import { row } from './markdown.js';
import type { ReaderOpenResult, Target } from './results.js';

/** mailkeep's open time against mutt's, cold and warm. */
const MAX_OPEN_RATIO = 0.5;
const MAX_BIG_WARM_MS = 500;
const MAX_INDEX_RSS_MB = 200;
const MAX_INDEX_SHARE = 0.5;
const MAX_QUERY_P95_MS = 50;

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const seconds = (ms: number) => `${fixed(ms / 1000)} s`;

function ratioTarget(name: string, mine: number | undefined, theirs: number | undefined, of: string): Target {
  const ratio = mine === undefined || !theirs ? undefined : mine / theirs;
  return {
    name,
    goal: `≤ ${fixed(MAX_OPEN_RATIO, 1)}× ${of}`,
    value: ratio === undefined ? 'n/a' : `${fixed(ratio)}×`,
    met: ratio === undefined ? null : ratio <= MAX_OPEN_RATIO,
  };
}

export function readerTargets(reader: ReaderOpenResult | undefined, index: ArchiveIndexResult | undefined): Target[] {
  const count = reader ? `${reader.messages}` : '?';
  const slowest = index?.queries.length ? Math.max(...index.queries.map((t) => t.p95Ms)) : undefined;
  const buildRatio = index?.notmuch && index.build.wallSeconds / index.notmuch.wallSeconds;
  const share = index && index.indexBytes / index.mailBytes;
  const rss = index?.build.maxRssMb;
  return [
    ratioTarget(`reader open, ${count} messages, cold`, reader?.mailkeep.coldMs, reader?.mutt.coldMs, 'mutt'),
    ratioTarget(`reader open, ${count} messages, warm`, reader?.mailkeep.warmMs, reader?.mutt.warmMs, 'mutt'),
    {
      name: `reader open, ${reader ? reader.big.messages : '?'} messages, warm`,
      goal: `≤ ${MAX_BIG_WARM_MS} ms`,
      value: reader ? `${fixed(reader.big.warmMs, 0)} ms` : 'n/a',
      met: reader ? reader.big.warmMs <= MAX_BIG_WARM_MS : null,
    },
    {
      name: 'index build',
      goal: '≤ notmuch new',
      value: buildRatio === undefined ? 'n/a' : `${fixed(buildRatio)}×`,
      met: buildRatio === undefined ? null : buildRatio <= 1,
    },
    {
      name: 'max RSS while indexing',
      goal: `≤ ${MAX_INDEX_RSS_MB} MB`,
      value: rss === undefined ? 'n/a' : `${fixed(rss, 0)} MB`,
      met: rss === undefined ? null : rss <= MAX_INDEX_RSS_MB,
    },
    {
      name: 'index size ÷ mail bytes',
      goal: `≤ ${fixed(MAX_INDEX_SHARE * 100, 0)} %`,
      value: share === undefined ? 'n/a' : `${fixed(share * 100, 1)} %`,
      met: share === undefined ? null : share <= MAX_INDEX_SHARE,
    },
    {
      name: `query p95, ${index ? index.queryMessages : '?'} messages (slowest query of the mix)`,
      goal: `< ${MAX_QUERY_P95_MS} ms`,
      value: slowest === undefined ? 'n/a' : `${fixed(slowest, 1)} ms`,
      met: slowest === undefined ? null : slowest < MAX_QUERY_P95_MS,
    },
  ];
}

export function readerTables(reader: ReaderOpenResult | undefined, index: ArchiveIndexResult | undefined): string[] {
  const lines: string[] = [];
  if (reader) {
    lines.push(
      '',
      `Reader open, launch → index with the count on screen (tmux), median of 3; folder of ${reader.messages} messages:`,
      '',
      row(['Reader', 'cold', 'warm']),
      row(['---', '---', '---']),
      row(['mutt -R (sort=threads, header_cache)', seconds(reader.mutt.coldMs), seconds(reader.mutt.warmMs)]),
      row(['mailkeep read', seconds(reader.mailkeep.coldMs), seconds(reader.mailkeep.warmMs)]),
      row([`mailkeep read, ${reader.big.messages} messages`, '–', seconds(reader.big.warmMs)]),
    );
  }
  if (index) lines.push('', '```', ...formatArchiveIndex(index), '```');
  return lines;
}

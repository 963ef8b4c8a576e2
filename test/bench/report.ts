// Turns a run's results into the targets verdict and the Markdown tables the README keeps (pure).
import { feedTable, feedTarget } from './feed-phase.js';
import { lineLimitTarget, linkHeader, linkTable, phaseLimits } from './link-report.js';
import { machineLine } from './machine.js';
import { cells, row } from './markdown.js';
import { readerTables, readerTargets } from './report-reader.js';
import type { GmailResult } from './gmail-phase.js';
import type { BenchResults, PhaseResult, Target } from './results.js';
import type { Correctness } from './verify.js';

const MAX_RSS_MB = 200;
const MAX_BIG_GROWTH_MB = 50;
/** Gmail phase: mailkeep's bytes fetched and wall time against mbsync's; its disk against the distinct messages' bytes. */
const GMAIL_LIMITS = { bytes: 0.5, wall: 0.5, disk: 1.1 } as const;

export function isFullyCorrect(c: Correctness): boolean {
  return c.byteExact === c.serverMessages && c.missing + c.duplicated + c.different + c.extra + c.flagMismatches === 0;
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);

/** The median ratio, and its min–max when the phase ran more than one round. */
export function ratioText(phase: PhaseResult): string | undefined {
  const r = phase.wallRatio;
  if (!r) return undefined;
  return phase.rounds.length > 1 ? `${fixed(r.median)}× (${fixed(r.min)}–${fixed(r.max)})` : `${fixed(r.median)}×`;
}

export function evaluateTargets(r: Omit<BenchResults, 'targets'>): Target[] {
  const targets: Target[] = [];
  for (const phase of r.phases) {
    const ratio = phase.wallRatio?.median;
    const limit = phaseLimits(r)[phase.phase];
    targets.push({
      name: `${phase.phase} sync time${phase.rounds.length > 1 ? ` (median of ${phase.rounds.length} rounds)` : ''}`,
      goal: `≤ ${fixed(limit, Number.isInteger(limit * 10) ? 1 : 2)}× mbsync`,
      value: ratioText(phase) ?? 'n/a',
      met: ratio === undefined ? null : ratio <= limit,
    });
  }
  targets.push(...lineLimitTarget(r));
  const rss = [
    ...r.phases.map((p) => p.tools.mailkeep?.measurement.maxRssMb),
    r.big?.tools.mailkeep?.big.maxRssMb,
    r.gmail?.tools.mailkeep?.measurement.maxRssMb,
    r.feed?.index.maxRssMb,
  ].filter((n): n is number => n !== undefined);
  targets.push({
    name: 'mailkeep max RSS',
    goal: `≤ ${MAX_RSS_MB} MB`,
    value: rss.length ? `${fixed(Math.max(...rss), 0)} MB` : 'n/a',
    met: rss.length ? Math.max(...rss) <= MAX_RSS_MB : null,
  });
  const growth = r.big?.tools.mailkeep?.growthMb;
  targets.push({
    name: `RSS growth, one ${r.big ? fixed(r.big.messageBytes / 1024 ** 2, 0) : '?'} MB message`,
    goal: `< ${MAX_BIG_GROWTH_MB} MB`,
    value: growth === undefined ? 'n/a' : `${fixed(growth, 0)} MB`,
    met: growth === undefined ? null : growth < MAX_BIG_GROWTH_MB,
  });
  const checks = [...r.phases.map((p) => p.tools.mailkeep?.correctness), r.gmail?.tools.mailkeep?.correctness].filter(
    (c): c is Correctness => c !== undefined,
  );
  targets.push({
    name: 'mailkeep byte-exact, nothing missing/duplicated, flags equal',
    goal: '100% in every phase',
    value: checks.length ? checks.map((c) => `${c.byteExact}/${c.serverMessages}`).join(', ') : 'n/a',
    met: checks.length ? checks.every(isFullyCorrect) : null,
  });
  targets.push(...gmailTargets(r.gmail));
  targets.push(feedTarget(r.feed));
  targets.push(...readerTargets(r.reader, r.index));
  return targets;
}

function gmailTargets(gmail: GmailResult | undefined): Target[] {
  const mailkeep = gmail?.tools.mailkeep;
  const mbsync = gmail?.tools.mbsync;
  const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || !b ? undefined : a / b);
  const target = (name: string, limit: number, value: number | undefined, of: string): Target => ({
    name,
    goal: `≤ ${fixed(limit, 1)}× ${of}`,
    value: value === undefined ? 'n/a' : `${fixed(value)}×`,
    met: value === undefined ? null : value <= limit,
  });
  return [
    target('Gmail: bytes fetched', GMAIL_LIMITS.bytes, ratio(mailkeep?.bytesFetched, mbsync?.bytesFetched), 'mbsync'),
    target(
      'Gmail: first sync time',
      GMAIL_LIMITS.wall,
      ratio(mailkeep?.measurement.wallSeconds, mbsync?.measurement.wallSeconds),
      'mbsync',
    ),
    target(
      'Gmail: disk usage',
      GMAIL_LIMITS.disk,
      ratio(mailkeep?.diskBytes, gmail?.unique.bytes),
      'the distinct messages',
    ),
  ];
}

function correctnessCell(c: Correctness | undefined): string {
  if (!c) return '–';
  const problems = [
    c.missing && `${c.missing} missing`,
    c.duplicated && `${c.duplicated} duplicated`,
    c.different && `${c.different} differ`,
    c.extra && `${c.extra} extra`,
    c.flagMismatches && `${c.flagMismatches} flag mismatches`,
  ].filter(Boolean);
  const lineEnds =
    c.sameOnceNormalized !== undefined ? ` (${c.sameOnceNormalized} same but for CRLF→LF and X-TUID)` : '';
  return `${c.byteExact}/${c.serverMessages} byte-exact${lineEnds}${problems.length ? `, ${problems.join(', ')}` : ''}`;
}

const megabytes = (bytes: number) => `${fixed(bytes / 1024 ** 2, 1)} MB`;

function gmailTable(g: GmailResult): string[] {
  const lines = [
    `Gmail phase: ${g.unique.messages} messages (${megabytes(g.unique.bytes)}) shown in ${g.shown.messages} folder places ` +
      `(${megabytes(g.shown.bytes)}), ${fixed(g.labelsPerMessage)} labels per message besides All Mail`,
    '',
    row(['Tool', 'bytes fetched', 'wall', 'CPU', 'disk (du, links once)']),
    row(Array<string>(5).fill('---')),
  ];
  for (const tool of ['mbsync', 'mailkeep'] as const) {
    const run = g.tools[tool];
    if (!run) continue;
    const [wall, cpu] = cells(run.measurement);
    lines.push(row([tool, megabytes(run.bytesFetched), wall!, cpu!, megabytes(run.diskBytes)]));
  }
  return lines;
}

function syncTable(r: BenchResults): string[] {
  const lines = [
    row([
      'Phase',
      'mbsync wall',
      'mbsync CPU',
      'mbsync RSS',
      'mailkeep wall',
      'mailkeep CPU',
      'mailkeep RSS',
      'mailkeep ÷ mbsync (wall)',
    ]),
    row(Array<string>(8).fill('---')),
  ];
  for (const p of r.phases) {
    const label = p.rounds.length > 1 ? `${p.phase} (${p.rounds.length} rounds)` : p.phase;
    lines.push(
      row([label, ...cells(p.tools.mbsync?.measurement), ...cells(p.tools.mailkeep?.measurement), ratioText(p) ?? '–']),
    );
  }
  if (r.big) {
    for (const [label, pick] of [
      ['big message: empty INBOX', 'baseline'],
      ['big message: one message', 'big'],
    ] as const) {
      lines.push(row([label, ...cells(r.big.tools.mbsync?.[pick]), ...cells(r.big.tools.mailkeep?.[pick]), '']));
    }
  }
  return lines;
}

function correctnessTable(r: BenchResults): string[] {
  const lines = [row(['Phase', 'mbsync correctness', 'mailkeep correctness']), row(['---', '---', '---'])];
  for (const p of r.phases)
    lines.push(
      row([p.phase, correctnessCell(p.tools.mbsync?.correctness), correctnessCell(p.tools.mailkeep?.correctness)]),
    );
  if (r.gmail)
    lines.push(
      row([
        'gmail',
        correctnessCell(r.gmail.tools.mbsync?.correctness),
        correctnessCell(r.gmail.tools.mailkeep?.correctness),
      ]),
    );
  return lines;
}

export function formatReport(r: BenchResults): string {
  const lines: string[] = [];
  if (r.corpus) {
    const mb = fixed(r.corpus.bytes / 1024 ** 2, 0);
    lines.push(`Corpus: ${r.preset}, ${r.corpus.messages} messages, ${mb} MB, ${r.corpus.folders} folders`);
  }
  lines.push(`Machine: ${machineLine(r.machine)}`);
  if (r.link) lines.push(linkHeader(r.link));
  if (r.phases.some((p) => p.rounds.length > 1)) {
    lines.push(
      'Phases of several rounds: median wall and CPU time, largest RSS; the ratio is taken within each round, median (min–max).',
    );
  }
  // A run of other phases alone (feed, reader, index) has no sync table to print.
  if (r.phases.length > 0 || r.big) lines.push('', ...syncTable(r));
  if (r.link) lines.push('', ...linkTable(r));
  if (r.phases.length > 0 || r.gmail) lines.push('', ...correctnessTable(r));
  if (r.gmail) lines.push('', ...gmailTable(r.gmail));
  if (r.feed) lines.push('', ...feedTable(r.feed));
  lines.push(...readerTables(r.reader, r.index));
  lines.push('', row(['Target', 'Goal', 'Measured', 'Met']), row(['---', '---', '---', '---']));
  for (const t of r.targets)
    lines.push(row([t.name, t.goal, t.value, t.met === null ? 'not measured' : t.met ? 'yes' : 'NO']));
  return lines.join('\n');
}

// `npm run fuzz -- --minutes N [--seed S]`: runs differential fuzz cases until the time is up and
// prints how many ran, the difference classes met (each must be in justified.ts) and any failure.
import { parseArgs } from 'node:util';
import { runCase } from './differential.js';
import { justification } from './justified.js';

export interface FuzzReport {
  cases: number;
  bytes: number;
  classes: Map<string, { count: number; example: number }>;
  failures: string[];
  unjustified: string[];
  maxRssMb: number;
  byMutation: Map<string, number>;
}

/** Runs cases from `seed` on until `count` ran or `deadline` (ms since epoch) passed. */
export async function fuzz(seed: number, count: number, deadline = Infinity): Promise<FuzzReport> {
  const report: FuzzReport = { cases: 0, bytes: 0, classes: new Map(), failures: [], unjustified: [], maxRssMb: 0, byMutation: new Map() };
  for (let s = seed; report.cases < count && Date.now() < deadline; s++) {
    const result = await runCase(s);
    report.cases++;
    report.bytes += result.bytes;
    report.byMutation.set(result.mutation, (report.byMutation.get(result.mutation) ?? 0) + 1);
    if (result.failure !== undefined) report.failures.push(`seed ${s} (${result.mutation}): ${result.failure}`);
    for (const c of result.classes) {
      const seen = report.classes.get(c) ?? { count: 0, example: s };
      seen.count++;
      report.classes.set(c, seen);
      if (justification(c) === undefined && !report.unjustified.some((u) => u.startsWith(c))) report.unjustified.push(`${c} (seed ${s})`);
    }
    if (report.cases % 500 === 0) report.maxRssMb = Math.max(report.maxRssMb, process.memoryUsage().rss / 1e6);
  }
  report.maxRssMb = Math.max(report.maxRssMb, process.memoryUsage().rss / 1e6);
  return report;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { minutes: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' } } });
  const minutes = Number(values.minutes);
  const started = Date.now();
  const report = await fuzz(Number(values.seed), Infinity, started + minutes * 60_000);
  const seconds = (Date.now() - started) / 1000;
  console.log(`${report.cases} cases (${(report.bytes / 1e6).toFixed(1)} MB of responses) in ${seconds.toFixed(0)} s, ` +
    `${(report.cases / seconds).toFixed(0)} cases/s, max RSS ${report.maxRssMb.toFixed(0)} MB`);
  console.log(`mutations: ${[...report.byMutation].map(([m, n]) => `${m} ${n}`).join(', ')}`);
  console.log('\n| difference | cases | example seed |\n| --- | --- | --- |');
  for (const [c, { count, example }] of [...report.classes].sort((a, b) => b[1].count - a[1].count)) {
    console.log(`| ${c} | ${count} | ${example} |`);
  }
  for (const failure of report.failures.slice(0, 20)) console.log(`FAILURE ${failure}`);
  for (const c of report.unjustified) console.log(`UNJUSTIFIED ${c}`);
  process.exitCode = report.failures.length > 0 || report.unjustified.length > 0 ? 1 : 0;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

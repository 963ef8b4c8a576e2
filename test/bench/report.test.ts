import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Measurement } from './measure.js';
import { evaluateTargets, formatReport } from './report.js';
import type { BenchResults, PhaseResult, SyncPhase } from './results.js';
import { summarizeTool, wallRatioRange, type Round } from './rounds.js';
import type { Correctness } from './verify.js';

const run = (wallSeconds: number): Measurement => ({ wallSeconds, cpuSeconds: wallSeconds, maxRssMb: 60, exitCode: 0 });
const correct: Correctness = {
  serverMessages: 10,
  byteExact: 10,
  missing: 0,
  duplicated: 0,
  different: 0,
  extra: 0,
  flagMismatches: 0,
  missingFolders: [],
  examples: [],
};

/** A phase whose rounds had these (mbsync, mailkeep) wall times. */
function phase(name: SyncPhase, walls: [number, number][]): PhaseResult {
  const rounds: Round[] = walls.map(([mbsync, mailkeep], i) => ({
    first: i % 2 ? 'mailkeep' : 'mbsync',
    runs: { mbsync: run(mbsync), mailkeep: run(mailkeep) },
  }));
  return {
    phase: name,
    rounds,
    tools: {
      mbsync: { measurement: summarizeTool(rounds, 'mbsync')!, correctness: correct },
      mailkeep: { measurement: summarizeTool(rounds, 'mailkeep')!, correctness: correct },
    },
    wallRatio: wallRatioRange(rounds)!,
  };
}

function results(phases: PhaseResult[]): BenchResults {
  const machine = {
    cpu: 'cpu',
    cores: 2,
    memoryGb: 4,
    kernel: 'k',
    node: 'v20',
    mbsync: 'isync',
    dovecot: 'd',
    loadAverage: 0,
    mailkeep: 'abc',
  };
  const partial = { date: 'now', preset: 'small', machine, corpus: { folders: 1, messages: 10, bytes: 1000 }, phases };
  return { ...partial, targets: evaluateTargets(partial) };
}

// noop ratios per round: 0.8, 1.2, 0.9 → median 0.9; incremental: 1.5, 1.1, 1.3 → median 1.3.
const initial = phase('initial', [[2, 0.8]]);
const noop = phase('noop', [
  [1, 0.8],
  [1, 1.2],
  [2, 1.8],
]);
const incremental = phase('incremental', [
  [2, 3],
  [1, 1.1],
  [1, 1.3],
]);

test('targets are decided by the median ratio of the rounds, not the worst or the best round', () => {
  const targets = results([initial, noop, incremental]).targets;
  const byName = new Map(targets.map((t) => [t.name, t]));
  assert.deepEqual(byName.get('initial sync time'), {
    name: 'initial sync time',
    goal: '≤ 0.5× mbsync',
    value: '0.40×',
    met: true,
  });
  assert.deepEqual(byName.get('noop sync time (median of 3 rounds)'), {
    name: 'noop sync time (median of 3 rounds)',
    goal: '≤ 1.0× mbsync',
    value: '0.90× (0.80–1.20)',
    met: true,
  });
  assert.deepEqual(byName.get('incremental sync time (median of 3 rounds)')?.met, false);
});

test("the table shows each phase's rounds, its median times and the ratio as median (min–max)", () => {
  const lines = formatReport(results([initial, noop, incremental])).split('\n');
  assert.ok(
    lines.includes('| initial | 2.00 s | 2.00 s | 60 MB | 0.80 s | 0.80 s | 60 MB | 0.40× |'),
    lines.join('\n'),
  );
  assert.ok(
    lines.includes('| noop (3 rounds) | 1.00 s | 1.00 s | 60 MB | 1.20 s | 1.20 s | 60 MB | 0.90× (0.80–1.20) |'),
    lines.join('\n'),
  );
  assert.ok(
    lines.includes(
      '| incremental (3 rounds) | 1.00 s | 1.00 s | 60 MB | 1.30 s | 1.30 s | 60 MB | 1.30× (1.10–1.50) |',
    ),
    lines.join('\n'),
  );
  assert.ok(lines.some((l) => l.startsWith('Phases of several rounds: median')));
});

test('a run of single rounds has no range and no note on rounds', () => {
  const text = formatReport(results([initial, phase('noop', [[1, 0.5]])]));
  assert.match(text, /^\| noop \| 1\.00 s .* \| 0\.50× \|$/m);
  assert.doesNotMatch(text, /rounds/);
});

test('a run without sync phases (feed, reader or index alone) prints no sync or correctness table', () => {
  const text = formatReport(results([]));
  assert.doesNotMatch(text, /mbsync wall|mbsync correctness/);
  assert.match(text, /^\| Target \| Goal \| Measured \| Met \|$/m);
  assert.match(formatReport(results([initial])), /^\| Phase \| mbsync wall .*\n.*\n\| initial \|/m);
});

test('Gmail phase: bytes and time against mbsync, disk against the distinct messages, in the targets and a table of its own', () => {
  const mb = 1024 ** 2;
  const gmail = {
    unique: { messages: 10, bytes: 10 * mb },
    shown: { messages: 35, bytes: 35 * mb },
    labelsPerMessage: 2.5,
    tools: {
      mbsync: { measurement: run(10), bytesFetched: 35 * mb, diskBytes: 35 * mb, correctness: correct },
      mailkeep: { measurement: run(6), bytesFetched: 10 * mb, diskBytes: 12 * mb, correctness: correct },
    },
  };
  const machine = {
    cpu: 'cpu',
    cores: 2,
    memoryGb: 4,
    kernel: 'k',
    node: 'v20',
    mbsync: 'isync',
    dovecot: 'd',
    loadAverage: 0,
    mailkeep: 'abc',
  };
  const partial = { date: 'now', preset: 'small', machine, phases: [], gmail };
  const byName = new Map(evaluateTargets(partial).map((t) => [t.name, t]));
  assert.deepEqual(byName.get('Gmail: bytes fetched'), {
    name: 'Gmail: bytes fetched',
    goal: '≤ 0.5× mbsync',
    value: '0.29×',
    met: true,
  });
  assert.deepEqual(
    [byName.get('Gmail: first sync time')?.value, byName.get('Gmail: first sync time')?.met],
    ['0.60×', false],
  );
  assert.deepEqual([byName.get('Gmail: disk usage')?.value, byName.get('Gmail: disk usage')?.met], ['1.20×', false]);
  const text = formatReport({ ...partial, targets: evaluateTargets(partial) });
  assert.match(text, /^\| mailkeep \| 10\.0 MB \| 6\.00 s \| 6\.00 s \| 12\.0 MB \|$/m);
  assert.match(text, /10 messages \(10\.0 MB\) shown in 35 folder places \(35\.0 MB\), 2\.50 labels per message/);
});

test('across a link: the stricter ratios, the line-limit target, and round trips, bytes and limit beside each time', () => {
  const link = { name: '100ms/8mbit', rttMs: 100, mbitPerSecond: 8 };
  const wire = (bytesDown: number, roundTrips: number) => ({
    connections: 2,
    roundTrips,
    bytesUp: 1000,
    bytesDown,
    idleDownMs: roundTrips * 10,
  });
  const withWire = (p: PhaseResult, mbsyncDown: number, mailkeepDown: number): PhaseResult => ({
    ...p,
    tools: {
      mbsync: { ...p.tools.mbsync!, measurement: { ...p.tools.mbsync!.measurement, wire: wire(mbsyncDown, 40) } },
      mailkeep: {
        ...p.tools.mailkeep!,
        measurement: { ...p.tools.mailkeep!.measurement, wire: wire(mailkeepDown, 12) },
      },
    },
  });
  // 8 Mbit/s is 1,000,000 bytes a second: mailkeep's 1.5 s for 900,000 bytes against a limit of 0.9 + 0.5 s.
  const phases = [withWire(phase('initial', [[3, 1.5]]), 2_000_000, 900_000)];
  const partial = { ...results(phases), link };
  const r = { ...partial, targets: evaluateTargets(partial) };
  const byName = new Map(r.targets.map((t) => [t.name, t]));
  assert.equal(byName.get('initial sync time')?.goal, '≤ 0.75× mbsync');
  assert.equal(byName.get('initial sync time')?.met, true);
  assert.deepEqual(byName.get("initial sync time against the line's limit for its bytes"), {
    name: "initial sync time against the line's limit for its bytes",
    goal: '≤ 1.1× the limit',
    value: '1.07× (1.5 s, limit 1.4 s)',
    met: true,
  });
  const report = formatReport(r);
  assert.match(
    report,
    /\| initial \| mailkeep \| 1\.50 s \| 12 \| 2 \| 879 KB \/ 1 KB \| 0\.12 s \| 1\.40 s \| 1\.07× \|/,
  );
  assert.match(
    report,
    /\| initial \| mbsync \| 3\.00 s \| 40 \| 2 \| 1\.9 MB \/ 1 KB \| 0\.40 s \| 2\.50 s \| 1\.20× \|/,
  );
  assert.match(report, /^Link: 100 ms round trip, 8 Mbit\/s each way/m);
});

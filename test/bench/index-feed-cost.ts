// What the index worker costs a sync, measured alone and in CPU time (so machine load barely
// moves it): the messages of one bench folder (the large corpus's mix) fed through the worker's
// code path in this process, as the sync hands them over (bytes in hand, a batch per transaction,
// each message's row and text written before the next is parsed), parse and SQLite timed apart.
// `node --import tsx test/bench/index-feed-cost.ts [COUNT] [--batch N]`;
// add `--cpu-prof` after `node` for a profile.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openIndex, removeIndexFile } from '../../src/archive/index-file.js';
import { parseMessageFile } from '../../src/archive/message-row.js';
import { IndexWriter } from '../../src/archive/write-rows.js';
import { benchFolder } from './bench-maildirs.js';

interface Cpu {
  user: number;
  system: number;
}

const { values, positionals } = parseArgs({
  options: { batch: { type: 'string', default: '100' } },
  allowPositionals: true,
});
const count = Number(positionals[0] ?? 10_000);
const batchSize = Number(values.batch);

const folder = benchFolder(count, (text) => console.error(text));
const dir = path.join(folder.path, 'cur');
const files = readdirSync(dir)
  .sort()
  .map((name) => path.join(dir, name));
const indexFile = path.join(tmpdir(), `mailkeep-feed-cost-${process.pid}.sqlite`);

const parse: Cpu = { user: 0, system: 0 };
const sqlite: Cpu = { user: 0, system: 0 };

/** Adds the CPU `run` takes to `into`. */
function timed<T>(into: Cpu, run: () => T): T {
  const start = process.cpuUsage();
  const result = run();
  const used = process.cpuUsage(start);
  into.user += used.user / 1e6;
  into.system += used.system / 1e6;
  return result;
}

const db = openIndex(indexFile)!;
const writer = new IndexWriter(db);
const ref = { path: folder.path, account: 'bench', name: 'folder' };
for (let i = 0; i < files.length; i += batchSize) {
  const batch = files.slice(i, i + batchSize).map((file) => ({ file, bytes: readFileSync(file) }));
  const toAdd = batch.map((m) => ({
    path: m.file,
    parse: () => timed(parse, () => parseMessageFile(m.file, m.bytes)),
  }));
  const before = { ...parse };
  const all: Cpu = { user: 0, system: 0 };
  timed(all, () =>
    db.transaction(() => {
      const id = writer.folder(ref).id;
      writer.addFiles(id, toAdd);
    })(),
  );
  // Parsing runs inside addFiles (a message at a time, as in the worker): the rest is SQLite's.
  sqlite.user += all.user - (parse.user - before.user);
  sqlite.system += all.system - (parse.system - before.system);
}
timed(sqlite, () => db.close());
const indexBytes = ['', '-wal'].reduce(
  (sum, s) => sum + (statSync(indexFile + s, { throwIfNoEntry: false })?.size ?? 0),
  0,
);
removeIndexFile(indexFile);

const per10k = (seconds: number) => ((seconds * 10_000) / files.length).toFixed(2);
const line = (name: string, cpu: Cpu) =>
  `${name.padEnd(7)} user ${per10k(cpu.user)} s  sys ${per10k(cpu.system)} s  total ${per10k(cpu.user + cpu.system)} s`;
console.log(
  `${files.length} messages (${(folder.bytes / 1e6).toFixed(0)} MB), batches of ${batchSize}; CPU per 10k messages:`,
);
console.log(line('parse', parse));
console.log(line('sqlite', sqlite));
console.log(line('both', { user: parse.user + sqlite.user, system: parse.system + sqlite.system }));
console.log(`index ${(indexBytes / 1e6).toFixed(1)} MB`);

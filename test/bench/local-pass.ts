// Micro-benchmark of the local (Maildir) side of an incremental pass, no server: 200 folders of
// 200 files named like mailkeep's; per folder what a pass does locally (state and stamp, open,
// tmp/ cleanup, scan, 2 flag renames, 2 new messages, 1 deletion, state save).
// Run: node --import tsx test/bench/local-pass.ts [dir] [passes] [profile.cpuprofile]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { mailboxStateStore } from '../../src/engine/state-store.js';
import { readFolderStamp } from '../../src/maildir/folder-stamp.js';
import { openMaildirFolder } from '../../src/maildir/maildir-folder.js';
import { formatMessageName } from '../../src/maildir/naming.js';

const FOLDERS = 200;
const PER_FOLDER = 200;
const WORKERS = 4;
const root = path.resolve(process.argv[2] ?? '/tmp/mailkeep-local-pass');
const passes = Number(process.argv[3] ?? 3);
const layout = {
  localPath: path.join(root, 'mail'),
  inboxPath: path.join(root, 'mail', 'INBOX'),
  subFolders: 'verbatim' as const,
};
const stateDir = path.join(root, 'state');
const body = Buffer.alloc(20_000, 'x');

function seed(): void {
  rmSync(root, { recursive: true, force: true });
  for (let f = 0; f < FOLDERS; f++) {
    const dir = path.join(layout.localPath, `folder${f}`);
    for (const sub of ['cur', 'new', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
    for (let uid = 1; uid <= PER_FOLDER; uid++) {
      const seen = uid % 5 !== 0;
      const name = formatMessageName({
        time: new Date(1_764_000_000_000 + uid),
        seq: uid,
        pid: 4242,
        host: 'bench',
        uid,
        uidValidity: 7,
        size: 4000,
        flags: seen ? 'S' : '',
      });
      writeFileSync(path.join(dir, seen ? 'cur' : 'new', name), body.subarray(0, 4000));
    }
  }
}

async function passOver(folderIndex: number, pass: number): Promise<void> {
  const states = mailboxStateStore(stateDir);
  const name = `folder${folderIndex}`;
  const dir = path.join(layout.localPath, name);
  await states.load(name);
  readFolderStamp(dir);
  const folder = await openMaildirFolder(dir, { copyArrivalDate: true, layout });
  await folder.cleanTmp();
  const { messages } = await folder.scanAll();
  const stored = [...messages.values()].sort((a, b) => a.uid - b.uid);
  const flips = stored
    .slice(pass * 2, pass * 2 + 2)
    .map((message) => ({ message, flags: message.flags.includes('S') ? '' : 'S' }));
  await folder.setFlags(flips);
  const next = stored[stored.length - 1]!.uid + 1;
  await folder.writeBatch(
    [0, 1].map((i) => ({ uid: next + i, uidValidity: 7, flags: i === 0 ? 'S' : '', internalDate: new Date(), body })),
  );
  await folder.remove(stored.slice(-3, -2));
  await folder.sync();
  const localStamp = readFolderStamp(dir) ?? undefined;
  await states.save(name, {
    uidValidity: 7,
    uidNext: next + 2,
    messages: stored.length + 1,
    highestStoredUid: next + 1,
    highestModSeq: 100 + pass,
    ...(localStamp ? { localStamp } : {}),
  });
}

seed();
const profileFile = process.argv[4];
const inspector = new Session();
if (profileFile) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}
const walls: number[] = [];
const cpus: number[] = [];
for (let pass = 0; pass < passes; pass++) {
  const cpu = process.cpuUsage();
  const start = process.hrtime.bigint();
  const queue = Array.from({ length: FOLDERS }, (_, i) => i);
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let f = queue.shift(); f !== undefined; f = queue.shift()) await passOver(f, pass);
    }),
  );
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  const used = process.cpuUsage(cpu);
  walls.push(wall);
  cpus.push((used.user + used.system) / 1000);
  console.log(
    `pass ${pass}: wall ${wall.toFixed(0)} ms, cpu ${((used.user + used.system) / 1000).toFixed(0)} ms (user ${(used.user / 1000).toFixed(0)}, sys ${(used.system / 1000).toFixed(0)})`,
  );
}
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!.toFixed(0);
console.log(`median of ${passes}: wall ${median(walls)} ms, cpu ${median(cpus)} ms`);
if (profileFile) writeFileSync(profileFile, JSON.stringify((await inspector.post('Profiler.stop')).profile));
rmSync(root, { recursive: true, force: true });

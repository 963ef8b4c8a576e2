import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MaildirError } from '../../src/maildir/errors.js';
import { openMaildirFolder } from '../../src/maildir/maildir-folder.js';
import type { OpenWritableFile, WritableFile } from '../../src/maildir/write-messages.js';
import { formatUniqueName, parseMaildirName } from '../../src/maildir/naming.js';
import type { IncomingMessage } from '../../src/maildir/types.js';
import { useTempDir } from './temp-dir.js';

const root = await useTempDir('maildir-folder');
let folderCount = 0;
const freshDir = () => path.join(root, `box${++folderCount}`);

const listing = async (dir: string) => ({
  cur: (await fs.readdir(path.join(dir, 'cur'))).sort(),
  new: (await fs.readdir(path.join(dir, 'new'))).sort(),
  tmp: (await fs.readdir(path.join(dir, 'tmp'))).sort(),
});

function errnoError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

/** fs.open, with a hook before each write: the seam for full disks and write accounting. */
function hookedOpen(beforeWrite: (length: number) => void): OpenWritableFile {
  return async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    const wrapped: WritableFile = {
      write: async (buffer, offset, length) => {
        beforeWrite(length);
        return handle.write(buffer, offset, length);
      },
      utimes: (atime, mtime) => handle.utimes(atime, mtime),
      sync: () => handle.sync(),
      close: () => handle.close(),
    };
    return wrapped;
  };
}

test('creates cur/ new/ tmp/ and missing parents with mode 0700', async () => {
  const dir = path.join(freshDir(), 'deep', 'er');
  await openMaildirFolder(dir, { copyArrivalDate: true });
  for (const sub of ['', 'cur', 'new', 'tmp', '..']) {
    const stat = await fs.stat(path.join(dir, sub));
    assert.equal(stat.mode & 0o777, 0o700, `${sub || '.'} mode`);
  }
});

test('a symlinked cur/ new/ or tmp/ is refused, nothing is written through it', async () => {
  for (const sub of ['cur', 'new', 'tmp']) {
    const dir = freshDir();
    const outside = `${dir}-outside`;
    await fs.mkdir(outside);
    await fs.mkdir(dir);
    await fs.symlink(outside, path.join(dir, sub));
    await assert.rejects(
      openMaildirFolder(dir, { copyArrivalDate: false }),
      (e: unknown) =>
        e instanceof MaildirError &&
        e.message ===
          `${path.join(dir, sub)} is a symbolic link: mailkeep does not write through links inside a Maildir tree`,
    );
    assert.deepEqual(await fs.readdir(outside), []);
  }
});

test('with the account layout, a symlinked folder below the account root is refused; a symlinked root is followed', async () => {
  const account = freshDir();
  const outside = `${account}-outside`;
  await fs.mkdir(path.join(account, 'Archive'), { recursive: true });
  await fs.mkdir(outside);
  await fs.symlink(outside, path.join(account, 'Archive', '2024'));
  const layout = { localPath: account, inboxPath: path.join(account, 'INBOX'), subFolders: 'verbatim' as const };
  await assert.rejects(
    openMaildirFolder(path.join(account, 'Archive', '2024', 'Q1'), { copyArrivalDate: false, layout }),
    /2024 is a symbolic link/,
  );
  assert.deepEqual(await fs.readdir(outside), []);
  await assert.rejects(
    openMaildirFolder('/elsewhere/box', { copyArrivalDate: false, layout }),
    /is outside the account's folders/,
  );

  const linkedRoot = `${account}-link`;
  await fs.symlink(account, linkedRoot);
  const linkedLayout = { ...layout, localPath: linkedRoot, inboxPath: path.join(linkedRoot, 'INBOX') };
  const folder = await openMaildirFolder(path.join(linkedRoot, 'Sent', 'Old'), {
    copyArrivalDate: false,
    layout: linkedLayout,
  });
  await folder.writeBatch([{ uid: 1, uidValidity: 7, flags: 'S', body: Buffer.from('Subject: x\r\n\r\nhi\r\n') }]);
  assert.equal((await fs.readdir(path.join(account, 'Sent', 'Old', 'cur'))).length, 1);
});

test('writeBatch stores exact bytes, 0600, mtime = INTERNALDATE, seen in cur/ and unseen in new/', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: true });
  const broken = Buffer.from([0x46, 0x72, 0x6f, 0x6d, 0x3a, 0x0a, 0x00, 0xff, 0xfe, 0x0d, 0x0d, 0x0a, 0x2e, 0x0d]);
  const date = new Date('2021-03-04T05:06:07Z');
  const messages: IncomingMessage[] = [
    { uid: 10, uidValidity: 77, flags: 'SR', internalDate: date, body: Buffer.from('Subject: a\r\n\r\nbody\r\n') },
    { uid: 11, uidValidity: 77, flags: 'F', internalDate: date, body: broken },
    { uid: 12, uidValidity: 77, flags: '', body: Buffer.alloc(0) },
  ];
  const stored = await folder.writeBatch(messages);

  assert.deepEqual(
    stored.map((s) => [s.uid, s.flags, path.basename(path.dirname(s.path)), s.size]),
    [
      [10, 'RS', 'cur', 20],
      [11, 'F', 'new', broken.length],
      [12, '', 'new', 0],
    ],
  );
  for (const [i, message] of messages.entries()) {
    const file = stored[i]!.path;
    assert.deepEqual(await fs.readFile(file), message.body);
    const stat = await fs.stat(file);
    assert.equal(stat.mode & 0o777, 0o600);
    if (message.internalDate) assert.equal(stat.mtime.getTime(), message.internalDate.getTime());
    assert.match(path.basename(file), /^\d+\.M\d+P\d+Q\d+\..+,V=77,UID=1\d,S=\d+:2,[A-Z]*$/);
  }
  assert.deepEqual((await listing(dir)).tmp, []);
  const scanned = await folder.scan();
  assert.deepEqual([...scanned.keys()].sort(), ['77:10', '77:11', '77:12']);
  assert.deepEqual(scanned.get('77:11'), stored[1]);
});

test('without CopyArrivalDate the mtime is the time of writing', async () => {
  const folder = await openMaildirFolder(freshDir(), { copyArrivalDate: false });
  const old = new Date('2001-01-01T00:00:00Z');
  const [stored] = await folder.writeBatch([
    { uid: 1, uidValidity: 1, flags: 'S', internalDate: old, body: Buffer.from('x') },
  ]);
  assert.ok((await fs.stat(stored!.path)).mtime.getTime() > old.getTime());
});

test('a streamed 30 MB body is written as it arrives, never buffered whole', async () => {
  const folder = await openMaildirFolder(freshDir(), {
    copyArrivalDate: false,
    openFile: hookedOpen((length) => (bytesWritten += length)),
  });
  const chunkSize = 64 * 1024;
  const chunks = 480;
  let bytesWritten = 0;
  let bytesYielded = 0;
  let maxAhead = 0;
  const expected = createHash('sha256');
  async function* body(): AsyncGenerator<Buffer> {
    for (let i = 0; i < chunks; i++) {
      const chunk = Buffer.alloc(chunkSize, i % 251);
      expected.update(chunk);
      maxAhead = Math.max(maxAhead, bytesYielded - bytesWritten);
      bytesYielded += chunk.length;
      yield chunk;
    }
  }
  const [stored] = await folder.writeBatch([{ uid: 5, uidValidity: 5, flags: '', body: body() }]);
  assert.equal(stored!.size, chunkSize * chunks);
  assert.ok(maxAhead <= chunkSize, `the generator ran ${maxAhead} bytes ahead of the file`);
  const actual = createHash('sha256')
    .update(await fs.readFile(stored!.path))
    .digest('hex');
  assert.equal(actual, expected.digest('hex'));
});

test('names are unique and exclusive: a taken tmp name is skipped, never overwritten', async () => {
  const dir = freshDir();
  let calls = 0;
  const openFile: OpenWritableFile = async (file, flags, mode) => {
    if (++calls === 1) {
      await fs.writeFile(file, 'someone else');
      throw errnoError('EEXIST');
    }
    return fs.open(file, flags, mode);
  };
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, fsync: false, openFile });
  const batch = Array.from({ length: 40 }, (_, i) => ({
    uid: i + 1,
    uidValidity: 3,
    flags: 'S',
    body: Buffer.from(`m${i}`),
  }));
  const stored = await folder.writeBatch(batch);
  assert.equal(new Set(stored.map((s) => path.basename(s.path))).size, 40);
  assert.equal((await listing(dir)).cur.length, 40);
  assert.equal((await fs.readdir(path.join(dir, 'tmp'))).length, 1, 'the foreign tmp file is left alone');
});

for (const [errno, code, wording] of [
  ['ENOSPC', 'DISK_FULL', 'disk full writing'],
  ['EDQUOT', 'DISK_FULL', 'disk full writing'],
  ['EIO', 'IO', 'cannot write'],
] as const) {
  test(`${errno} mid-batch → MaildirError ${code}, tmp files removed, nothing visible`, async () => {
    const dir = freshDir();
    let writes = 0;
    const folder = await openMaildirFolder(dir, {
      copyArrivalDate: false,
      openFile: hookedOpen(() => {
        if (++writes === 3) throw errnoError(errno);
      }),
    });
    const batch = Array.from({ length: 6 }, (_, i) => ({
      uid: i + 1,
      uidValidity: 1,
      flags: 'S',
      body: Buffer.from(`message ${i}`),
    }));
    await assert.rejects(folder.writeBatch(batch), (error: unknown) => {
      assert.ok(error instanceof MaildirError);
      assert.equal(error.code, code);
      assert.ok(error.message.startsWith(`${wording} ${path.join(dir, 'tmp')}/`), error.message);
      assert.ok(!error.message.includes('\n'));
      return true;
    });
    assert.deepEqual(await listing(dir), { cur: [], new: [], tmp: [] });
  });
}

test('an fsync that fails → MaildirError naming the tmp file, nothing visible', async () => {
  const dir = freshDir();
  const openFile: OpenWritableFile = async (file, flags, mode) => {
    const handle = await fs.open(file, flags, mode);
    return {
      write: (buffer, offset, length) => handle.write(buffer, offset, length),
      utimes: (atime, mtime) => handle.utimes(atime, mtime),
      sync: async () => {
        throw errnoError('EIO');
      },
      close: () => handle.close(),
    };
  };
  const folder = await openMaildirFolder(dir, { copyArrivalDate: true, openFile });
  const message = { uid: 1, uidValidity: 1, flags: 'S', body: Buffer.from('Subject: x\r\n\r\nx\r\n') };
  await assert.rejects(folder.writeBatch([{ ...message, internalDate: new Date(0) }]), (error: unknown) => {
    assert.ok(error instanceof MaildirError);
    assert.equal(error.code, 'IO');
    assert.match(
      error.message,
      new RegExp(`^cannot write ${path.join(dir, 'tmp')}/\\S+: input/output error \\(EIO\\)$`),
    );
    return true;
  });
  assert.deepEqual(await listing(dir), { cur: [], new: [], tmp: [] });
});

test('a body stream that fails (network) leaves nothing behind and keeps its error', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false });
  async function* dropped(): AsyncGenerator<Buffer> {
    yield Buffer.from('Subject: half\r\n');
    throw new Error('connection reset');
  }
  await assert.rejects(folder.writeBatch([{ uid: 1, uidValidity: 1, flags: '', body: dropped() }]), /connection reset/);
  assert.deepEqual(await listing(dir), { cur: [], new: [], tmp: [] });
});

test('setFlags renames a batch into cur/ with the new info; remove deletes a batch', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false });
  const [unseen, other] = await folder.writeBatch([
    { uid: 8, uidValidity: 2, flags: '', body: Buffer.from('hello') },
    { uid: 9, uidValidity: 2, flags: 'S', body: Buffer.from('world') },
  ]);
  assert.equal(path.basename(path.dirname(unseen!.path)), 'new');

  const [flagged, same] = await folder.setFlags([
    { message: unseen!, flags: 'SFS' },
    { message: other!, flags: 'S' },
  ]);
  assert.equal(path.dirname(flagged!.path), path.join(dir, 'cur'));
  assert.equal(flagged!.flags, 'FS');
  assert.equal(parseMaildirName(path.basename(flagged!.path)).base, parseMaildirName(path.basename(unseen!.path)).base);
  assert.deepEqual(await fs.readFile(flagged!.path), Buffer.from('hello'));
  assert.deepEqual((await listing(dir)).new, []);
  assert.deepEqual(same, other, 'unchanged flags: no rename');

  const [cleared] = await folder.setFlags([{ message: flagged!, flags: '' }]);
  assert.ok(cleared!.path.endsWith(':2,'));
  assert.equal(path.dirname(cleared!.path), path.join(dir, 'cur'), 'never moves back to new/');
  assert.deepEqual((await folder.scan()).get('2:8'), cleared);

  await assert.rejects(
    folder.setFlags([{ message: unseen!, flags: 'F' }]),
    (e: unknown) => e instanceof MaildirError,
    'a file gone meanwhile',
  );
  await folder.remove([cleared!, other!]);
  assert.equal((await folder.scan()).size, 0);
});

test('renames and deletions become durable at sync(): each directory they touched fsynced once', async () => {
  const dir = freshDir();
  const synced: string[] = [];
  let failNext = false;
  const syncDirectory = async (d: string) => {
    if (failNext) {
      failNext = false;
      throw errnoError('EIO');
    }
    synced.push(d);
  };
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, syncDirectory });
  synced.length = 0;
  const [unseen, seen] = await folder.writeBatch([
    { uid: 1, uidValidity: 1, flags: '', body: Buffer.from('a') },
    { uid: 2, uidValidity: 1, flags: 'S', body: Buffer.from('b') },
  ]);
  await folder.setFlags([{ message: seen!, flags: 'FS' }]);
  await folder.remove([unseen!]);
  assert.deepEqual(synced, [], 'nothing fsynced before sync()');
  await folder.sync();
  assert.deepEqual(synced.sort(), [path.join(dir, 'cur'), path.join(dir, 'new')]);
  await folder.sync();
  assert.equal(synced.length, 2, 'nothing new to sync');

  await folder.writeBatch([{ uid: 3, uidValidity: 1, flags: 'S', body: Buffer.from('c') }]);
  failNext = true;
  await assert.rejects(folder.sync(), /EIO/);
  await folder.sync();
  assert.deepEqual(synced.slice(2), [path.join(dir, 'cur')], 'a failed sync is tried again');
});

test('scanAll separates our files, foreign files and duplicates; dot files and tmp/ are ignored', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, fsync: false });
  const [ours] = await folder.writeBatch([{ uid: 3, uidValidity: 4, flags: 'S', body: Buffer.from('abc') }]);
  const copy = path.join(dir, 'new', `${parseMaildirName(path.basename(ours!.path)).base.replace('Q', 'Qcopy')}:2,`);
  await fs.copyFile(ours!.path, copy);
  await fs.writeFile(path.join(dir, 'cur', '1600000000.1_1.host,U=9:2,RS'), 'mbsync');
  await fs.writeFile(path.join(dir, 'new', '.hidden'), 'x');
  await fs.writeFile(path.join(dir, 'tmp', '1.M1P1Q1.h,V=4,UID=99,S=1'), 'x');

  const scan = await folder.scanAll();
  assert.deepEqual([...scan.messages.keys()], ['4:3']);
  assert.deepEqual(
    scan.duplicates.map((d) => d.path),
    [copy],
  );
  assert.deepEqual(scan.foreign, [
    {
      path: path.join(dir, 'cur', '1600000000.1_1.host,U=9:2,RS'),
      base: '1600000000.1_1.host,U=9',
      flags: 'RS',
      size: undefined,
      mbsyncUid: 9,
    },
  ]);
});

test('lookUp gives what scanAll gives for the UIDs asked for, and counts every UID of that UIDVALIDITY once', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, fsync: false });
  const written = await folder.writeBatch([
    ...[1, 2, 3, 10, 11].map((uid) => ({
      uid,
      uidValidity: 4,
      flags: uid % 2 ? 'S' : '',
      body: Buffer.from(`m${uid}`),
    })),
    { uid: 2, uidValidity: 5, flags: 'S', body: Buffer.from('other uidvalidity') },
  ]);
  // A copy of UID 3 in new/ (cur/ wins, as in scan()), a foreign file, a dot file, a directory named like ours.
  const three = written.find((m) => m.uid === 3)!;
  await fs.copyFile(
    three.path,
    path.join(dir, 'new', `${parseMaildirName(path.basename(three.path)).base.replace('Q', 'Qcopy')}:2,`),
  );
  await fs.writeFile(path.join(dir, 'cur', '1600000000.1_1.host,U=9:2,RS'), 'mbsync');
  await fs.writeFile(path.join(dir, 'new', '.1.M1P1Q1.h,V=4,UID=12,S=1:2,'), 'x');
  await fs.mkdir(path.join(dir, 'cur', '1.M1P1Q9.h,V=4,UID=13,S=1:2,'));

  const scanned = new Map(
    [...(await folder.scanAll()).messages.values()].filter((m) => m.uidValidity === 4).map((m) => [m.uid, m]),
  );
  const all = await folder.lookUp(4, () => true);
  assert.deepEqual(all.messages, scanned);
  assert.equal(all.count, 5);
  const some = await folder.lookUp(4, (uid) => uid === 3 || uid === 10 || uid === 99);
  assert.deepEqual(
    [...some.messages.keys()].sort((a, b) => a - b),
    [3, 10],
  );
  assert.deepEqual(some.messages.get(3), scanned.get(3));
  assert.equal(some.count, 5);
  assert.deepEqual([...(await folder.lookUp(5, () => true)).messages.keys()], [2]);
});

test('a folder of thousands of messages (its directory read in batches, unsorted) lists each file once', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, fsync: false });
  const count = 2000;
  const written = await folder.writeBatch(
    Array.from({ length: count }, (_, i) => ({ uid: i + 1, uidValidity: 7, flags: 'S', body: Buffer.from(`m${i}`) })),
  );
  const { size } = await fs.stat(path.join(dir, 'cur'));
  assert.ok(size >= 64 * 1024, `cur/ is ${size} bytes: too small to take the batched path`);
  await fs.mkdir(path.join(dir, 'cur', '1.M1P1Q9.h,V=7,UID=5000,S=1:2,'));
  const { messages } = await folder.scanAll();
  assert.deepEqual([...messages.values()].map((m) => m.path).sort(), written.map((m) => m.path).sort());
  const looked = await folder.lookUp(7, (uid) => uid === 1500);
  assert.equal(looked.messages.get(1500)?.path, written[1499]!.path);
});

test('cleanTmp removes our leftovers and abandoned files, never a file another program may be writing', async () => {
  const dir = freshDir();
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false, fsync: false, host: 'box' });
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((resolve) => dead.once('exit', resolve));
  const tmpFile = (name: string) => path.join(dir, 'tmp', name);
  const ours = (pid: number) => formatUniqueName({ time: new Date(), seq: 1, pid, host: 'box' });
  const liveWriter = ours(process.ppid);
  for (const name of [
    ours(process.pid),
    ours(dead.pid!),
    liveWriter,
    'mbsync.123_4.box',
    '1700000000.M1P1Q1.other-host',
    'old-one',
  ]) {
    await fs.writeFile(tmpFile(name), 'partial');
  }
  const longAgo = new Date(Date.now() - 37 * 60 * 60 * 1000);
  await fs.utimes(tmpFile('old-one'), longAgo, longAgo);
  await fs.mkdir(path.join(dir, 'tmp', 'a-dir'));
  assert.equal(await folder.cleanTmp(), 3);
  assert.deepEqual(
    (await listing(dir)).tmp,
    [liveWriter, '1700000000.M1P1Q1.other-host', 'a-dir', 'mbsync.123_4.box'].sort(),
  );
});

test('kill -9 in the middle of a write: nothing partial visible, rerun cleans tmp/', async () => {
  const dir = freshDir();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./fixtures/write-and-hang.ts', import.meta.url)), dir],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  try {
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => data.toString().includes('hanging') && resolve());
      child.on('exit', (code) => reject(new Error(`child exited early (${code})`)));
    });
  } finally {
    child.kill('SIGKILL');
  }
  await new Promise((resolve) => child.once('exit', resolve).exitCode !== null && resolve(undefined));

  const before = await listing(dir);
  assert.equal(before.tmp.length, 1, 'the interrupted file is in tmp/');
  const folder = await openMaildirFolder(dir, { copyArrivalDate: false });
  assert.deepEqual([...(await folder.scan()).keys()], ['9:1']);
  assert.equal(await folder.cleanTmp(), 1);
  assert.deepEqual(await listing(dir), { ...before, tmp: [] });
});

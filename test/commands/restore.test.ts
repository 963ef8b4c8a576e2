// `mailkeep restore` against real parts: one private Dovecot with several users. alice's mail is
// backed up with `mailkeep sync`, then restored into the others and compared message by message
// (bytes, flags, INTERNALDATE) over IMAP; a restore killed with SIGKILL is rerun to completion.
// The server also has other users' (`shared/USER/`) and public (`Public/`) namespaces, which a
// backup may hold folders of and restore must not write into.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseCommandLine } from '../../src/cli-args.js';
import { runRestoreCommand } from '../../src/commands/restore.js';
import { generateCorpus } from '../support/corpus.js';
import { startDovecot, type DovecotServer, type TestUser } from '../support/dovecot.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import type { RestoreOptions } from '../../src/engine/restore-run.js';
import { dovecotAccount, mbsyncrc } from '../support/mbsyncrc.js';
import { loadCorpus, withClient } from '../support/server-mail.js';
import { captureOutput, homeEnv, runSyncCommand } from '../support/sync-command.js';
import { prng } from '../support/prng.js';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'].map((user) => ({ user, password: `${user}-secret` }));
let server: DovecotServer;
let root: string;
let rc: string;
let proxy: FaultProxy;

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const userNamed = (name: string): TestUser => USERS.find((u) => u.user === name)!;

/** Every selectable folder of a user: each message as `sha256 flags date`, sorted. */
async function mailOf(user: string, under = ''): Promise<Map<string, string[]>> {
  return withClient(
    server,
    async (client) => {
      const folders = new Map<string, string[]>();
      for (const box of await client.list()) {
        if (box.flags.has('\\Noselect') || !box.path.startsWith(under)) continue;
        const lock = await client.getMailboxLock(box.path, { readOnly: true });
        try {
          const rows: string[] = [];
          const exists = client.mailbox === false ? 0 : client.mailbox.exists;
          if (exists > 0)
            for await (const m of client.fetch('1:*', { flags: true, source: true, internalDate: true })) {
              const flags = [...(m.flags ?? [])].filter((f) => f !== '\\Recent').sort();
              rows.push(`${sha256(m.source!)} ${flags.join(',')} ${new Date(m.internalDate!).toISOString()}`);
            }
          folders.set(box.path.slice(under.length), rows.sort());
        } finally {
          lock.release();
        }
      }
      return folders;
    },
    userNamed(user),
  );
}

async function restore(
  args: string[],
  options: Partial<RestoreOptions> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const command = parseCommandLine(['restore', '-c', rc, ...args]);
  if (command.kind !== 'restore') throw new Error('not a restore command line');
  return captureOutput((out) =>
    runRestoreCommand(command, { ...out, home: root, env: homeEnv(root), restore: options }),
  );
}

const summaryOf = (stdout: string) =>
  /appended (\d+) \/ skipped (\d+) \/ failed (\d+)/.exec(stdout)!.slice(1).map(Number);

before(async () => {
  server = await startDovecot({ users: USERS, maxMailSize: '300k', otherNamespaces: true });
  root = await mkdtemp(join(tmpdir(), 'mailkeep-restore-'));
  rc = join(root, 'mbsyncrc');
  const accounts = USERS.map(({ user }) =>
    dovecotAccount(server, { name: user, path: join(root, user), user: userNamed(user) }),
  );
  // erin is reached through a proxy that can answer for the server.
  proxy = await startFaultProxy({ targetPort: server.imapPort });
  accounts[4] = dovecotAccount(server, {
    name: 'erin',
    path: join(root, 'erin'),
    user: userNamed('erin'),
    host: '127.0.0.1',
    port: proxy.port,
    sslType: 'None',
  });
  // Another account of alice's, kept elsewhere: restoring alice's backup into it is restoring into the source.
  accounts.push(dovecotAccount(server, { name: 'alice-too', path: join(root, 'elsewhere'), user: userNamed('alice') }));
  await writeFile(rc, mbsyncrc(accounts));
  await loadCorpus(server, generateCorpus('tiny'), 'alice');
  const synced = await runSyncCommand(root, ['-c', rc, 'alice']);
  assert.equal(synced.code, 0, synced.stderr);
});

after(async () => {
  await proxy?.close();
  await server?.stop();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('mailkeep restore', () => {
  test('a backup restored into an empty account is the same mail, byte for byte; a rerun appends nothing', async () => {
    const first = await restore([join(root, 'alice'), '--to', 'bob']);
    assert.equal(first.code, 0, first.stderr);
    const original = await mailOf('alice');
    const total = [...original.values()].reduce((n, rows) => n + rows.length, 0);
    assert.deepEqual(summaryOf(first.stdout), [total, 0, 0]);
    assert.deepEqual(await mailOf('bob'), original);

    const again = await restore([join(root, 'alice'), '--to', 'bob']);
    assert.equal(again.code, 0, again.stderr);
    assert.deepEqual(summaryOf(again.stdout), [0, total, 0]);
    assert.deepEqual(await mailOf('bob'), original);

    // A dry run with nothing to append says so per folder (it said "appended 0").
    const dry = await restore([join(root, 'alice'), '--to', 'bob', '--dry-run']);
    const folderLines = dry.stdout.split('\n').filter((line) => line.includes(' → '));
    assert.ok(folderLines.length > 0 && folderLines.every((line) => line.includes(': would append 0, ')), dry.stdout);
  });

  test('an APPEND the server stored but answered "try again later": restore backs off, and nothing is there twice', async () => {
    proxy.replaceTaggedResponse(/^\S+ APPEND /i, 'NO [UNAVAILABLE] try again later');
    const { code, stdout, stderr } = await restore([join(root, 'alice'), '--to', 'erin'], { backoffBaseMs: 20 });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /erin: paused until .*: .*asked to wait: \[UNAVAILABLE\] try again later/);
    const [appended, skipped, failed] = summaryOf(stdout);
    assert.ok(skipped! > 0 && failed === 0, stdout);
    const original = await mailOf('alice');
    assert.equal(
      appended! + skipped!,
      [...original.values()].reduce((n, rows) => n + rows.length, 0),
    );
    assert.deepEqual(await mailOf('erin'), original);
  });

  test('killed with SIGKILL at random points, the reruns end with every message exactly once', async () => {
    const seed = Date.now() % 100_000;
    const random = prng(seed);
    let killed = 0;
    for (let round = 0; round < 2; round++) {
      const appendedBeforeKill = 1 + Math.floor(random() * 10);
      const args = [join(root, 'alice'), '--to', 'carol', '--json'];
      if ((await restoreUntilKilled(args, appendedBeforeKill, random() * 30)) === 'SIGKILL') killed++;
    }
    assert.ok(killed > 0, `seed ${seed}: no run was killed`);
    const last = await restore([join(root, 'alice'), '--to', 'carol']);
    assert.equal(last.code, 0, `seed ${seed}: ${last.stderr}`);
    assert.deepEqual(await mailOf('carol'), await mailOf('alice'), `seed ${seed}`);
  });

  test('into the account the backup came from only with --into-source, and then nothing is appended twice', async () => {
    for (const account of ['alice', 'alice-too']) {
      const refused = await restore([join(root, 'alice'), '--to', account]);
      assert.equal(refused.code, 2);
      assert.match(
        refused.stderr,
        /^mailkeep: .* is the backup of account alice; restoring into .* needs --into-source\n$/,
      );
    }
    const allowed = await restore([join(root, 'alice'), '--to', 'alice', '--into-source']);
    assert.equal(allowed.code, 0, allowed.stderr);
    assert.equal(summaryOf(allowed.stdout)[0], 0);
  });

  test('--dry-run lists what would be appended and changes nothing; --json ends with the summary', async () => {
    const { code, stdout } = await restore([join(root, 'alice'), '--to', 'dave:DryRun', '--dry-run', '--json']);
    assert.equal(code, 0);
    const events = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; outcome?: string });
    assert.ok(events.some((e) => e.type === 'restore-message' && e.outcome === 'would-append'));
    assert.ok(!events.some((e) => e.outcome === 'appended'));
    assert.equal(events.at(-1)!.type, 'restore-summary');
    assert.equal((await mailOf('dave', 'DryRun')).size, 0);
  });

  test('a PREFIX no folder can be named (.., an empty part, control characters): one line, exit 2, nothing sent', async () => {
    const before = await mailOf('carol');
    for (const to of ['carol:a/../b', 'carol://x//y', 'carol:.', 'carol:Re\u001b[31mstored']) {
      const { code, stdout, stderr } = await restore([join(root, 'alice'), '--to', to]);
      assert.equal(code, 2, stderr);
      assert.equal(stdout, '');
      assert.match(stderr, /^mailkeep: --to carol:.*: no folder can be named so: [^\n]+\n$/);
      assert.doesNotMatch(stderr, /\u001b/);
    }
    assert.deepEqual(await mailOf('carol'), before);
  });

  test('a folder or a file whose name is not UTF-8 is named as not restored (exit 1), the others restored', async () => {
    const tree = join(root, 'latin1');
    const latin1 = Buffer.concat([Buffer.from(`${tree}/Caf`), Buffer.from([0xe9])]);
    for (const dir of [join(tree, 'Plain'), latin1])
      for (const sub of ['/cur', '/new', '/tmp'])
        await mkdir(Buffer.concat([Buffer.from(dir), Buffer.from(sub)]), { recursive: true });
    const message = 'From: x@example.org\r\nSubject: latin1\r\n\r\nbody\r\n';
    await writeFile(join(tree, 'Plain', 'cur', '1.a:2,S'), message);
    await writeFile(Buffer.concat([latin1, Buffer.from('/cur/1.a:2,S')]), message);
    await writeFile(
      Buffer.concat([Buffer.from(`${tree}/Plain/cur/2.`), Buffer.from([0xe9]), Buffer.from(':2,')]),
      message,
    );

    const { code, stdout, stderr } = await restore([tree, '--to', 'dave:Latin1']);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^mailkeep: dave: folder Caf\uFFFD cannot be restored: its name is not UTF-8$/m);
    assert.match(stderr, /^mailkeep: Plain: Plain\/cur\/2\.\uFFFD:2,: its name is not UTF-8$/m);
    assert.deepEqual(summaryOf(stdout), [1, 0, 1]);
    assert.deepEqual([...(await mailOf('dave', 'Latin1/')).keys()], ['Plain']);
  });

  test('a directory inside cur/ or new/ is named as not restored (exit 1), the messages beside it restored', async () => {
    const tree = join(root, 'dirs');
    for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(tree, 'Box', sub), { recursive: true });
    await writeFile(join(tree, 'Box', 'cur', '1.a:2,S'), 'From: x@example.org\r\nSubject: dirs\r\n\r\nbody\r\n');
    await mkdir(join(tree, 'Box', 'cur', '2.a:2,S'));
    await mkdir(join(tree, 'Box', 'new', 'stray'));

    const { code, stdout, stderr } = await restore([tree, '--to', 'dave:Dirs']);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^mailkeep: Box: Box\/cur\/2\.a:2,S: a directory, not a message file$/m);
    assert.match(stderr, /^mailkeep: Box: Box\/new\/stray: a directory, not a message file$/m);
    assert.deepEqual(summaryOf(stdout), [1, 0, 2]);
    assert.deepEqual([...(await mailOf('dave', 'Dirs/')).keys()], ['Box']);
  });

  test('a hostile tree: a refused message, a file that is no message and a folder no server can name are reported, the rest restored', async () => {
    const tree = join(root, 'hostile');
    const message = (id: string | null, body: string, eol = '\r\n') =>
      Buffer.from(
        [
          `From: x@example.org`,
          ...(id ? [`Message-ID: <${id}@example.org>`] : []),
          `Subject: ${body}`,
          '',
          body,
          '',
        ].join(eol),
      );
    const put = async (folder: string, name: string, data: Buffer | string) => {
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(tree, folder, sub), { recursive: true });
      await writeFile(join(tree, folder, 'cur', name), data);
      await utimes(join(tree, folder, 'cur', name), new Date('2021-03-04T05:06:07Z'), new Date('2021-03-04T05:06:07Z'));
    };
    await put('', '1.a:2,S', message('one', 'plain'));
    await put('', '2.a:2,FS', message(null, 'no id, LF line ends as mbsync stores them', '\n'));
    await put('', '3.a:2,', message('three', 'LF with an id', '\n'));
    await put('', '4.a:2,', message('big', 'x'.repeat(400_000)));
    await put('', '5.a:2,', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2]));
    await put('', '6.a:2,', '');
    await symlink('/etc/hostname', join(tree, 'cur', '7.a:2,'));
    // Dovecot takes its NUL in a literal8 and sends it back as 0x80: still known on a rerun.
    await put('', '9.a:2,S', message(null, 'no id, a NUL: \0.'));
    // Converted to CRLF twice (CR CR LF): Dovecot stores it with CRLF, and still knows it.
    await put('', '10.a:2,', message(null, 'no id, CR CR LF', '\r\r\n'));
    await put('', '11.a:2,', message('crcrlf', 'CR CR LF', '\r\r\n'));
    await put('.Lists.rust', '1.b:2,', message('rust', 'nested the Maildir++ way'));
    await put('bad\u0007name', '1.c:2,', message('bell', 'in a folder with a BEL'));

    const { code, stdout, stderr } = await restore([tree, '--to', 'dave:Restored']);
    assert.equal(code, 1, stderr);
    assert.deepEqual(summaryOf(stdout), [7, 0, 5]);
    assert.match(stderr, /INBOX: cur\/4\.a:2, <big@example.org>: the server refused it: .*size/i);
    assert.match(stderr, /cur\/5\.a:2,: not a message/);
    assert.match(stderr, /cur\/6\.a:2,: an empty file/);
    assert.match(stderr, /cur\/7\.a:2,: a symbolic link/);
    assert.match(stderr, /folder bad.?name cannot be restored: it contains control characters/);
    assert.doesNotMatch(stderr, /\u0007/);
    const restored = await mailOf('dave', 'Restored/');
    assert.deepEqual([...restored.keys()].sort(), ['INBOX', 'Lists/rust']);
    assert.equal(restored.get('INBOX')!.length, 6);
    assert.match(restored.get('INBOX')!.join('\n'), / \\Flagged,\\Seen 2021-03-04T05:06:07.000Z/);

    // A second copy of a message in the folder is a second message: only it is appended.
    await put('', '8.a:2,S', message('one', 'plain'));
    const again = await restore([tree, '--to', 'dave:Restored']);
    assert.deepEqual(summaryOf(again.stdout), [1, 7, 5]);
    const last = await restore([tree, '--to', 'dave:Restored']);
    assert.deepEqual(summaryOf(last.stdout), [0, 8, 5]);
  });

  test("an mbsync 1.4 tree: modified UTF-7 names are restored as the names they encode; other users' and public folders are left alone", async () => {
    const tree = join(root, 'mbsync14');
    const folders = ['Entw&APw-rfe', '&AMQ-rger &- Co', 'Work & Play', 'R&D', 'shared/bob/forAlice', 'Public/announce'];
    for (const [i, folder] of folders.entries()) {
      for (const sub of ['cur', 'new', 'tmp']) await mkdir(join(tree, folder, sub), { recursive: true });
      // mbsync writes LF line ends.
      await writeFile(
        join(tree, folder, 'cur', `${i}.a,U=1:2,S`),
        `From: x@example.org\nMessage-ID: <${i}@x>\n\nin ${folder}\n`,
      );
    }
    const listed = (user: string) =>
      withClient(
        server,
        async (client) => (await client.list()).map((box) => box.pathAsListed).sort(),
        userNamed(user),
      );
    const bobBefore = await listed('bob');

    const { code, stdout, stderr } = await restore([tree, '--to', 'frank']);
    assert.equal(code, 0, stderr);
    assert.match(stdout, /^Entw&APw-rfe → Entwürfe: appended 1, skipped 0, failed 0$/m);
    assert.match(stdout, /^&AMQ-rger &- Co → Ärger & Co: appended 1, /m);
    assert.match(stdout, /^Work & Play → Work & Play: appended 1, /m);
    assert.match(stdout, /^R&D → R&D: appended 1, /m);
    assert.match(
      stdout,
      /^shared\/bob\/forAlice: skipped: it would go into the server's other users' namespace "shared\/"$/m,
    );
    assert.match(stdout, /^Public\/announce: skipped: it would go into the server's shared namespace "Public\/"$/m);
    assert.deepEqual(summaryOf(stdout), [4, 0, 0]);
    assert.match(stdout, /^appended 4 \/ skipped 0 \/ failed 0 \(6 folders, 2 left out, /m);
    // On the wire: Entwürfe in modified UTF-7, the literal names with `&-` for their `&`.
    assert.deepEqual(await listed('frank'), ['&AMQ-rger &- Co', 'Entw&APw-rfe', 'INBOX', 'R&-D', 'Work &- Play']);
    assert.deepEqual(await listed('bob'), bobBefore);

    // Under a PREFIX they are frank's own folders, restored as any other.
    const under = await restore([tree, '--to', 'frank:Restored']);
    assert.equal(under.code, 0, under.stderr);
    assert.deepEqual(summaryOf(under.stdout), [6, 0, 0]);
    assert.doesNotMatch(under.stdout, /left out/);
    assert.ok((await mailOf('frank', 'Restored/')).has('shared/bob/forAlice'));
    assert.deepEqual(await listed('bob'), bobBefore);
  });
});

/** Runs restore in a child and kills it with SIGKILL once it reported `appended` messages appended (or it ends). */
async function restoreUntilKilled(args: string[], appended: number, extraMs: number): Promise<NodeJS.Signals | null> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/restore-child.ts', '-c', rc, ...args], {
    env: { ...process.env, ...homeEnv(root) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let seen = 0;
  let buffered = '';
  child.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    seen += lines.filter((line) => line.includes('"outcome":"appended"')).length;
    if (seen >= appended) setTimeout(() => child.kill('SIGKILL'), extraMs);
  });
  return new Promise((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
}

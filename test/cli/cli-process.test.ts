// The installed entry point, as a user runs it: exit codes and one-line errors on stderr.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const bin = new URL('../../bin/mailkeep.js', import.meta.url).pathname;
const home = mkdtempSync(join(tmpdir(), 'mailkeep-cli-'));
after(() => rmSync(home, { recursive: true, force: true }));

function mailkeep(...args: string[]) {
  const env = {
    PATH: process.env.PATH,
    HOME: home,
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_STATE_HOME: join(home, '.state'),
  };
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', env, timeout: 20_000 });
}

test('--version prints the package version', () => {
  const r = mailkeep('--version');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^mailkeep \d+\.\d+\.\d+\n$/);
});

test('--help prints usage and exits 0', () => {
  const r = mailkeep('--help');
  assert.equal(r.status, 0);
  assert.match(r.stdout, /Usage: mailkeep/);
  assert.match(r.stdout, /mailkeep sync/);
});

for (const args of [['bogus'], ['--bogus'], ['sync', '--bogus']]) {
  test(`'${args.join(' ')}' is a usage error: one line plus a hint, exit 2`, () => {
    const r = mailkeep(...args);
    assert.equal(r.status, 2);
    const lines = r.stderr.trimEnd().split('\n');
    assert.equal(lines.length, 2, r.stderr);
    assert.match(lines[0]!, /^mailkeep: unknown (command|option)/);
    assert.equal(lines[1], "Try 'mailkeep --help'.");
    assert.equal(r.stdout, '');
  });
}

test('sync with no config at all says how to set one up, exit 2', () => {
  const r = mailkeep('sync');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no accounts configured/);
});

test('every command given a -c file of no accounts names the file, exit 2', () => {
  const empty = join(home, 'empty.mbsyncrc');
  writeFileSync(empty, '# nothing yet\n');
  for (const command of [['sync'], ['verify'], ['index'], ['read'], ['schedule', 'install'], []]) {
    const r = mailkeep(...command, '-c', empty);
    assert.equal(r.status, 2);
    assert.equal(r.stderr, `mailkeep: ${empty} has no Channel from an IMAPStore to a MaildirStore\n`);
  }
});

test('sync with a missing -c file names the file, exit 2', () => {
  const r = mailkeep('sync', '-c', join(home, 'nope.mbsyncrc'));
  assert.equal(r.status, 2);
  assert.match(r.stderr, /nope\.mbsyncrc/);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1);
});

test('a reader that goes away (| head) ends it quietly with 141, as SIGPIPE does, not a stack trace', async () => {
  const child = spawn(process.execPath, [bin, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(stderr, '');
  assert.equal(code, 141);
});

test('a rejection nobody handles (a bug) is one line and exit 2, not a dump of what it held', () => {
  // The rejection comes from a module loaded before the launcher, while sync waits on a port nobody answers.
  const rc = join(home, 'refused.mbsyncrc');
  writeFileSync(
    rc,
    [
      'IMAPAccount refused',
      'Host 127.0.0.1',
      'Port 1',
      'User u',
      'Pass p',
      'SSLType None',
      'IMAPStore refused-remote',
      'Account refused',
      'MaildirStore refused-local',
      `Path ${join(home, 'Mail')}/`,
      `Inbox ${join(home, 'Mail', 'INBOX')}`,
      'Channel refused',
      'Far :refused-remote:',
      'Near :refused-local:',
      '',
    ].join('\n'),
  );
  const bug =
    "setTimeout(() => Promise.reject(Object.assign(new Error('lost\\nsecond line'), { held: Buffer.alloc(4096) })), 300);";
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(bug)}`, bin, 'sync', '-c', rc],
    {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: home, XDG_STATE_HOME: join(home, '.state') },
      timeout: 20_000,
    },
  );
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^mailkeep: internal error: lost$/m);
  assert.doesNotMatch(r.stderr, /second line|held|<Buffer/);
});

test("the launcher tunes V8 only after the command's modules are loaded: Node's own modules come from its code cache", () => {
  // While any V8 flag differs from its default, V8 refuses Node's built-in code cache: each Node
  // module loaded after the launcher's setFlagsFromString is compiled from its source.
  const spy = [
    "import v8 from 'node:v8'; import { writeFileSync } from 'node:fs';",
    'const set = v8.setFlagsFromString; let seen;',
    'v8.setFlagsFromString = (flags) => { seen ??= new Set(process.moduleLoadList); set(flags); };',
    "process.on('exit', () => writeFileSync(process.env.LOADED_AFTER, process.moduleLoadList.filter((m) => seen && !seen.has(m)).join('\\n')));",
  ].join('\n');
  const loadedAfter = join(home, 'loaded-after');
  const r = spawnSync(
    process.execPath,
    ['--import', `data:text/javascript,${encodeURIComponent(spy)}`, bin, 'sync', '-c', join(home, 'nope.mbsyncrc')],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: home, LOADED_AFTER: loadedAfter }, timeout: 20_000 },
  );
  assert.equal(r.status, 2, r.stderr);
  const late = readFileSync(loadedAfter, 'utf8').split('\n');
  for (const module of ['tls', 'net', 'crypto', 'worker_threads', 'zlib']) {
    assert.ok(!late.includes(`NativeModule ${module}`), `${module} was loaded after the flag was set`);
  }
});

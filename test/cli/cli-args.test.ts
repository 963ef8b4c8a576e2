import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine, UsageError } from '../../src/cli-args.js';

test('no arguments opens the app; -c picks the config', () => {
  assert.deepEqual(parseCommandLine([]), { kind: 'app', configPath: undefined });
  assert.deepEqual(parseCommandLine(['-c', '/x/.mbsyncrc']), { kind: 'app', configPath: '/x/.mbsyncrc' });
  assert.deepEqual(parseCommandLine(['--config=/y']), { kind: 'app', configPath: '/y' });
});

test('a config before the command is for the command, as `mbsync -c FILE` is typed', () => {
  assert.deepEqual(parseCommandLine(['-c', 'rc', 'sync', 'gmail']), parseCommandLine(['sync', '-c', 'rc', 'gmail']));
  assert.deepEqual(
    parseCommandLine(['--config', 'rc', 'sync', 'gmail']),
    parseCommandLine(['sync', '-c', 'rc', 'gmail']),
  );
  assert.deepEqual(parseCommandLine(['--config=rc', 'sync', 'gmail']), parseCommandLine(['sync', '-c', 'rc', 'gmail']));
  const sync = parseCommandLine(['-c', 'rc', 'sync', 'gmail']);
  assert.deepEqual([sync.kind, 'configPath' in sync && sync.configPath], ['sync', 'rc']);
  assert.deepEqual(parseCommandLine(['-c', 'rc', 'verify']), parseCommandLine(['verify', '-c', 'rc']));
  // A config file named like a command, with no command after it, is still the app's config.
  assert.deepEqual(parseCommandLine(['-c', 'sync']), { kind: 'app', configPath: 'sync' });
});

test('sync takes targets and its flags', () => {
  assert.deepEqual(parseCommandLine(['sync', '-c', 'rc', 'gmail', 'fastmail:INBOX', '--json', '--allow-mass-delete']), {
    kind: 'sync',
    configPath: 'rc',
    targets: ['gmail', 'fastmail:INBOX'],
    json: true,
    quiet: false,
    verbose: false,
    allowMassDelete: true,
    noCompress: false,
    noIndex: false,
  });
  assert.equal((parseCommandLine(['sync', '--no-index']) as { noIndex: boolean }).noIndex, true);
  assert.equal((parseCommandLine(['sync', '-q']) as { quiet: boolean }).quiet, true);
  assert.equal((parseCommandLine(['sync', '--no-compress']) as { noCompress: boolean }).noCompress, true);
  assert.deepEqual(parseCommandLine(['--no-compress']), { kind: 'app', configPath: undefined, noCompress: true });
});

test('keeping in sync: --every for the app and sync --watch; schedule install | status | remove', () => {
  assert.deepEqual(parseCommandLine(['--every', '5m']), { kind: 'app', configPath: undefined, everyMs: 300_000 });
  const watch = parseCommandLine(['sync', '--watch', '--every', '90s']);
  assert.deepEqual([(watch as { watch: boolean }).watch, (watch as { everyMs: number }).everyMs], [true, 90_000]);
  assert.equal((parseCommandLine(['sync', '--watch', '--every', '0']) as { everyMs: number }).everyMs, 0);
  assert.deepEqual(parseCommandLine(['schedule', 'install', '--every', '1h', '-c', 'rc']), {
    kind: 'schedule',
    action: 'install',
    configPath: 'rc',
    cron: false,
    everyMs: 3_600_000,
  });
  assert.deepEqual(parseCommandLine(['schedule', 'status']), {
    kind: 'schedule',
    action: 'status',
    configPath: undefined,
    cron: false,
  });
});

test('read and import take one optional path', () => {
  assert.deepEqual(parseCommandLine(['read', '/mail']), { kind: 'read', configPath: undefined, path: '/mail' });
  assert.deepEqual(parseCommandLine(['import']), { kind: 'import', file: undefined });
  assert.deepEqual(parseCommandLine(['import', 'rc']), { kind: 'import', file: 'rc' });
});

test('help and version', () => {
  assert.deepEqual(parseCommandLine(['--help']), { kind: 'help' });
  assert.deepEqual(parseCommandLine(['sync', '--help']), { kind: 'help', topic: 'sync' });
  assert.deepEqual(parseCommandLine(['--version']), { kind: 'version' });
  assert.deepEqual(parseCommandLine(['-V']), { kind: 'version' });
});

const usageErrors: [string[], RegExp][] = [
  [['frobnicate'], /^unknown command 'frobnicate'$/],
  [['--frob'], /unknown option '--frob'/],
  [['sync', '--nope'], /unknown option '--nope'/],
  [['sync', '-q', '-v'], /exclude each other/],
  [['search'], /search needs a query/],
  [['search', 'x', '--json', '--files'], /exclude each other/],
  [['search', 'x', '--limit', 'ten'], /--limit wants a whole number/],
  [['index', 'a', 'b'], /unexpected argument 'b'/],
  [['read', 'a', 'b'], /unexpected argument 'b'/],
  [['import', 'a', 'b'], /unexpected argument 'b'/],
  [['-c'], /argument missing|requires|'-c, --config <value>'/],
  [['stray'], /unknown command 'stray'/],
  [['sync', '--every', '5m'], /--every goes with --watch/],
  [['sync', '--watch', '--every', 'soon'], /--every needs an interval like 90s, 15m or 1h/],
  [['--every', '3d'], /--every needs an interval/],
  [['schedule'], /schedule needs install, status or remove/],
  [['schedule', 'remove', '--cron'], /go with schedule install/],
  [['schedule', 'install', '--every', '0'], /above 0/],
];

for (const [argv, message] of usageErrors) {
  test(`usage error: ${argv.join(' ')}`, () => {
    assert.throws(
      () => parseCommandLine(argv),
      (err: unknown) => {
        assert.ok(err instanceof UsageError);
        assert.match(err.message, message);
        assert.ok(!err.message.includes('\n'), 'one line');
        return true;
      },
    );
  });
}

test('index and search take their arguments', () => {
  assert.deepEqual(parseCommandLine(['index', '~/Mail', '--rebuild']), {
    kind: 'index',
    configPath: undefined,
    path: '~/Mail',
    rebuild: true,
    quiet: false,
  });
  assert.deepEqual(parseCommandLine(['search', 'from:alice', '"a phrase"', '--files', '--limit', '5']), {
    kind: 'search',
    query: 'from:alice "a phrase"',
    output: 'files',
    limit: 5,
  });
  assert.equal((parseCommandLine(['search', 'x', '--json']) as { output: string }).output, 'json');
  assert.deepEqual(parseCommandLine(['search', '--help']), { kind: 'help', topic: 'search' });
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCommandLine, USAGE, UsageError } from '../../src/cli-args.js';

test('login takes an account and its options', () => {
  assert.deepEqual(parseCommandLine(['login', 'work']), {
    kind: 'login',
    account: 'work',
    configPath: undefined,
    device: false,
  });
  assert.deepEqual(
    parseCommandLine([
      'login',
      '-c',
      'rc',
      'gmail',
      '--client-id',
      'id',
      '--client-secret',
      's',
      '--store',
      'file',
      '--device',
    ]),
    {
      kind: 'login',
      account: 'gmail',
      configPath: 'rc',
      device: true,
      clientId: 'id',
      clientSecret: 's',
      store: 'file',
    },
  );
  assert.deepEqual(parseCommandLine(['login', '--help']), { kind: 'help', topic: 'login' });
  assert.match(USAGE, /^ +mailkeep login \[-c FILE\] ACCOUNT /m);
});

const usageErrors: [string[], RegExp][] = [
  [['login'], /^login needs the name of an account$/],
  [['login', 'a', 'b'], /^unexpected argument 'b'$/],
  [['login', 'a', '--client-id', 'x', '--store', 'disk'], /^--store is keyring or file$/],
  [['login', 'a', '--store', 'file'], /^--client-secret and --store go with --client-id$/],
  [['login', 'a', '--client-secret', 's'], /^--client-secret and --store go with --client-id$/],
];
for (const [argv, pattern] of usageErrors) {
  test(`login usage error: ${argv.join(' ')}`, () => {
    assert.throws(
      () => parseCommandLine(argv),
      (e: unknown) => e instanceof UsageError && pattern.test(e.message),
    );
  });
}

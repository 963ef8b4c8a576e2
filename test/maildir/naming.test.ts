import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMessageName, parseMaildirName, sanitizeHost, withInfo } from '../../src/maildir/naming.js';

const parts = {
  uid: 4711,
  uidValidity: 1700000000,
  size: 12345,
  flags: 'SFR',
  time: new Date(1_700_000_123_456),
  seq: 7,
  pid: 321,
  host: 'box.example',
};

test('our names carry UID, UIDVALIDITY, size and sorted flags, and parse back', () => {
  const name = formatMessageName(parts);
  assert.equal(name, '1700000123.M456000P321Q7.box.example,V=1700000000,UID=4711,S=12345:2,FRS');
  assert.deepEqual(parseMaildirName(name), {
    base: '1700000123.M456000P321Q7.box.example,V=1700000000,UID=4711,S=12345',
    flags: 'FRS',
    uid: 4711,
    uidValidity: 1700000000,
    size: 12345,
  });
});

test('host part cannot break the name format', () => {
  assert.equal(sanitizeHost('a/b:c,d!e\\f'), 'a\\057b\\072c\\054d\\041e\\134f');
  assert.equal(sanitizeHost(''), 'localhost');
  const name = formatMessageName({ ...parts, host: 'evil,UID=1:2,T/..' });
  const parsed = parseMaildirName(name);
  assert.equal(parsed.uid, 4711);
  assert.equal(parsed.flags, 'FRS');
  assert.ok(!name.includes('/'));
});

test('withInfo swaps the flags and keeps the base', () => {
  const base = parseMaildirName(formatMessageName(parts)).base;
  assert.equal(withInfo(base, 'TS'), `${base}:2,ST`);
});

const foreign: [string, string, ReturnType<typeof parseMaildirName>][] = [
  ['mbsync', '1600000000.12345_3.host,U=42:2,RS', { base: '1600000000.12345_3.host,U=42', flags: 'RS', mbsyncUid: 42 }],
  [
    'mbsync with ! delimiter',
    '1600000000.12345_3.host,U=42!2,S',
    { base: '1600000000.12345_3.host,U=42', flags: 'S', mbsyncUid: 42 },
  ],
  [
    'OfflineIMAP',
    '1600000000_0.999.host,U=17,FMD5=0123456789abcdef:2,FS',
    { base: '1600000000_0.999.host,U=17,FMD5=0123456789abcdef', flags: 'FS', mbsyncUid: 17 },
  ],
  [
    'Dovecot with sizes and keyword letters',
    '1600000000.M1P2.host,S=2048,W=2100:2,Sab',
    { base: '1600000000.M1P2.host,S=2048,W=2100', flags: 'S', size: 2048 },
  ],
  ['mutt, no info yet', '1600000000.R123.host', { base: '1600000000.R123.host', flags: '' }],
  ['experimental info', '1600000000.R123.host:1,xyz', { base: '1600000000.R123.host:1,xyz', flags: '' }],
  ['garbage numbers ignored', 'x,UID=abc,V=0,S=-1:2,T', { base: 'x,UID=abc,V=0,S=-1', flags: 'T' }],
  [
    'our shape with UIDVALIDITY 0: no key',
    'x,V=0,UID=5,S=1:2,S',
    { base: 'x,V=0,UID=5,S=1', flags: 'S', uid: 5, size: 1 },
  ],
  [
    'our fields after another one',
    'x,W=9,V=2,UID=3,S=4!2,SR',
    { base: 'x,W=9,V=2,UID=3,S=4', flags: 'RS', uid: 3, uidValidity: 2, size: 4 },
  ],
];

for (const [label, name, expected] of foreign) {
  test(`parses foreign names: ${label}`, () => {
    assert.deepEqual(parseMaildirName(name), expected);
  });
}

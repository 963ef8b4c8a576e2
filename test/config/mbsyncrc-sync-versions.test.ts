// isync 1.4 reads Sync All/Full as both directions, 1.5 as every type (config.c): mailkeep cannot
// tell which one the user runs, so it pulls what either reading pulls and mirrors deletions only
// where both readings pull them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMbsyncrc } from '../../src/config/mbsyncrc-parser.js';
import { mbsyncrc } from '../support/mbsyncrc.js';

/** The account's deletions and the Sync line's note, with `Expunge Near` (mirror where Sync pulls deletions). */
function readSync(...syncLines: string[]) {
  const [first, ...more] = syncLines;
  const text = mbsyncrc([
    { name: 'ch', port: 993, user: 'me', password: { passCmd: 'echo pw' }, path: '~/Mail/ch', sync: first },
  ]).replace(/^Sync .*$/m, (line) => [line, ...more.map((args) => `Sync ${args}`)].join('\n'));
  const { accounts, mapping } = parseMbsyncrc(text, { path: '/home/u/.mbsyncrc', home: '/home/u', env: {} });
  return [accounts[0]?.deletions, mapping.filter((m) => m.text.startsWith('Sync ')).at(-1)?.note];
}

const DIFFER = 'deletions not pulled: mbsync 1.4 and 1.5 read All/Full differently here';

test('Push with Full: 1.4 pulls everything, deletions too, 1.5 nothing: pull the rest, never mirror', () => {
  for (const lines of [['Push Full'], ['Full Push'], ['Push', 'Full'], ['Push All Delete']]) {
    const pulls = lines.includes('Push All Delete')
      ? 'pulls nothing; new messages are always fetched'
      : 'pulls new, flags';
    assert.deepEqual(readSync(...lines), ['keep', `${pulls}; ${DIFFER}; push ignored (pull-only)`], lines.join(' / '));
  }
});

test('Full with types but no deletions: 1.4 pulls those types, 1.5 everything: pull both, never mirror', () => {
  for (const args of ['Full New', 'Pull Full New', 'All New Flags']) {
    assert.deepEqual(readSync(args), ['keep', `pulls new, flags; ${DIFFER}; push ignored (pull-only)`], args);
  }
});

test('Full with Delete: both readings pull deletions, 1.5 everything else too: mirror, pull both', () => {
  for (const args of ['Full Delete', 'Pull Full Gone']) {
    assert.deepEqual(readSync(args), ['mirror', 'pulls delete, new, flags; push ignored (pull-only)'], args);
  }
});

test('lines both versions read alike pull as before', () => {
  const everything = ['mirror', 'pulls new, delete, flags; push ignored (pull-only)'];
  for (const args of ['Full', 'All', 'Pull Full', 'Pull Push All']) assert.deepEqual(readSync(args), everything, args);
  // 1.4 pulls New, 1.5 nothing: new messages are always fetched, so this reads as 1.4 does.
  assert.deepEqual(readSync('Push Full New'), ['keep', 'pulls new; push ignored (pull-only)']);
  assert.deepEqual(readSync('Pull New Flags'), ['keep', 'pulls new, flags']);
});

test('Full beside a compound flag is refused, as both versions refuse it', () => {
  assert.throws(() => readSync('PullNew Full'), /:\d+: Sync selects pull new twice/);
  assert.throws(() => readSync('PullOld All'), /:\d+: Sync selects pull old twice/);
});

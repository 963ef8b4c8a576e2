import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sidebarLabels } from '../../../src/ui/reader/sidebar-labels.js';

test('a mailbox hangs under the nearest existing parent and keeps the rest of its path', () => {
  const names = [
    'INBOX',
    'Archive/2024',
    'Lists',
    'Lists/debian/devel',
    'Lists/node',
    '[Gmail]/All Mail',
    'Work & Play',
  ];
  assert.deepEqual(sidebarLabels(names), [
    { depth: 0, label: 'INBOX' },
    { depth: 0, label: 'Archive/2024' },
    { depth: 0, label: 'Lists' },
    { depth: 1, label: 'debian/devel' },
    { depth: 1, label: 'node' },
    { depth: 0, label: '[Gmail]/All Mail' },
    { depth: 0, label: 'Work & Play' },
  ]);
});

test('depth grows along a chain of existing parents', () => {
  assert.deepEqual(
    sidebarLabels(['a', 'a/b', 'a/b/c']).map((l) => l.depth),
    [0, 1, 2],
  );
});

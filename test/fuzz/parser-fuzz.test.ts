// A short fixed-seed run of the differential fuzzer (npm run fuzz for long ones): mailkeep's framer
// and parser never crash, frame the same however the bytes are cut, and differ from imapflow only
// in the ways justified.ts lists.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fuzz } from './run.js';

test('differential fuzzing against imapflow, 1500 fixed-seed cases', async () => {
  const report = await fuzz(20261202, 1500);
  assert.equal(report.cases, 1500);
  assert.deepEqual(report.failures, []);
  assert.deepEqual(report.unjustified, []);
  // The run met the shapes it is for: every mutation, and differences both ways.
  assert.equal(report.byMutation.size, 12);
  assert.ok([...report.classes.keys()].some((c) => c.startsWith('ours refuses')));
  assert.ok([...report.classes.keys()].some((c) => c.startsWith('imapflow refuses')));
});

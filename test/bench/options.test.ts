import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchOptions } from './options.js';

test('--rounds: 5 unless given', () => {
  assert.equal(parseBenchOptions([]).rounds, 5);
  assert.equal(parseBenchOptions(['--rounds', '3']).rounds, 3);
  assert.equal(parseBenchOptions(['--rounds=1']).rounds, 1);
});

test('--rounds: anything but a whole number of at least 1 is refused, naming the value', () => {
  for (const bad of ['0', '-2', '2.5', 'three', '']) {
    assert.throws(
      () => parseBenchOptions([`--rounds=${bad}`]),
      new RegExp(`^Error: --rounds wants a whole number of at least 1, not '${bad}'$`),
    );
  }
});

test('--phases gmail runs the Gmail phase alone', () => {
  assert.deepEqual([...parseBenchOptions(['--phases', 'gmail', '--preset', 'small']).phases], ['gmail']);
});

test('--link: one line, a list, or both standard ones; the sync phases only unless --phases says', () => {
  assert.deepEqual(parseBenchOptions([]).links, []);
  const one = parseBenchOptions(['--link', '40ms/50mbit']);
  assert.deepEqual(one.links, [{ name: '40ms/50mbit', rttMs: 40, mbitPerSecond: 50 }]);
  assert.deepEqual([...one.phases], ['initial', 'noop', 'incremental']);
  assert.deepEqual(
    parseBenchOptions(['--link', 'profiles']).links.map((l) => l.name),
    ['40ms/50mbit', '150ms/20mbit'],
  );
  assert.deepEqual([...parseBenchOptions(['--link', '5ms/100mbit', '--phases', 'initial']).phases], ['initial']);
  assert.throws(() => parseBenchOptions(['--link', '40ms']), /--link wants/);
});

test('--phases reader,index runs the reader and index phases alone', () => {
  assert.deepEqual([...parseBenchOptions(['--phases', 'reader,index']).phases], ['reader', 'index']);
});

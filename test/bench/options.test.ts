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

test('--phases reader,index runs the reader and index phases alone', () => {
  assert.deepEqual([...parseBenchOptions(['--phases', 'reader,index']).phases], ['reader', 'index']);
});

// The index feed's batches: a message's own buffer is moved to the worker (its memory leaves
// the sync's thread), bytes that share a buffer are copied into one, and every file's range
// reads back its own bytes.
import assert from 'node:assert/strict';
import { MessageChannel } from 'node:worker_threads';
import { test } from 'node:test';
import { packFiles, type PackedFiles } from '../../src/archive/feed-pack.js';

function bytesOf(packed: PackedFiles, index: number): string {
  const file = packed.files[index]!;
  return Buffer.from(packed.parts[file.part]!, file.offset, file.length).toString();
}

test('a message with a buffer of its own is moved, not copied; one posted leaves the sender empty', () => {
  const own = Buffer.concat([Buffer.from('x'.repeat(5000)), Buffer.from('y'.repeat(5000))]);
  const packed = packFiles([{ path: '/m/cur/a', bytes: own }]);
  assert.equal(packed.parts.length, 1);
  assert.equal(packed.parts[0], own.buffer, 'the same ArrayBuffer');
  assert.equal(bytesOf(packed, 0), 'x'.repeat(5000) + 'y'.repeat(5000));

  const { port1, port2 } = new MessageChannel();
  port1.postMessage(packed, packed.parts);
  port1.close();
  port2.close();
  assert.equal(own.length, 0, 'its memory went with the message');
});

test('bytes sharing a buffer (cut from one socket read) are copied into one part, each file its own range', () => {
  const chunk = Buffer.from('HEADER-one|body-two|three');
  const packed = packFiles([
    { path: '/m/cur/1', bytes: chunk.subarray(0, 10) },
    { path: '/m/cur/2' },
    { path: '/m/cur/3', bytes: chunk.subarray(11, 19) },
    { path: '/m/cur/4', bytes: Buffer.from('z'.repeat(4096)) },
  ]);
  assert.deepEqual(
    packed.files.map((f) => f.path),
    ['/m/cur/1', '/m/cur/2', '/m/cur/3', '/m/cur/4'],
  );
  assert.equal(packed.parts.length, 2, 'the copies in one part, the own buffer in another');
  assert.notEqual(packed.parts[0], chunk.buffer, 'the shared buffer is not taken');
  assert.equal(bytesOf(packed, 0), 'HEADER-one');
  assert.equal(packed.files[1]!.length, 0, 'no bytes: the worker reads the file');
  assert.equal(bytesOf(packed, 2), 'body-two');
  assert.equal(bytesOf(packed, 3), 'z'.repeat(4096));
  assert.equal(chunk.toString(), 'HEADER-one|body-two|three', 'the shared buffer is untouched');
});

test('a batch without bytes has no parts', () => {
  assert.deepEqual(packFiles([{ path: '/m/cur/1' }]), {
    files: [{ path: '/m/cur/1', part: 0, offset: 0, length: 0 }],
    parts: [],
  });
});

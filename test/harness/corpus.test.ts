import assert from 'node:assert/strict';
import { test } from 'node:test';
import { corpusDigest, generateCorpus } from '../support/corpus.js';

test('same seed gives the same bytes', () => {
  assert.equal(corpusDigest(generateCorpus('small', 7)), corpusDigest(generateCorpus('small', 7)));
});

test('another seed gives other mail', () => {
  assert.notEqual(corpusDigest(generateCorpus('tiny', 1)), corpusDigest(generateCorpus('tiny', 2)));
});

test('the tiny corpus holds every broken kind and the awkward folder names', () => {
  const corpus = generateCorpus('tiny');
  const names = corpus.folders.map((f) => f.name);
  for (const n of ['INBOX', 'Archive/Zürich', 'Work & Play', 'Empty', 'Überweisungen/Belege'])
    assert.ok(names.includes(n), n);
  const inbox = corpus.folders[0]!.messages.map((m) => m.raw);
  assert.ok(
    inbox.some((r) => !r.includes('\r\n\r\n') && !r.toString().endsWith('\n')),
    'headers only, no blank line, no final newline',
  );
  assert.ok(
    inbox.some((r) => r.includes(0)),
    'NUL bytes',
  );
  assert.ok(
    inbox.some((r) => r.toString().includes('x'.repeat(20_000))),
    '20,000-character line',
  );
  assert.ok(
    inbox.some((r) => r.toString().includes('charset="x-bogus-42"')),
    'bogus charset',
  );
  assert.ok(
    inbox.some((r) => r.toString().includes('\x1b]0;')),
    'hostile OSC sequence',
  );
});

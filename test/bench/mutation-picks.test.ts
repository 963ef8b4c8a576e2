import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Corpus } from '../support/corpus.js';
import { pickAppends, pickChanges, type ListedMessage } from './mutation-picks.js';

const corpus: Corpus = {
  folders: ['INBOX', 'Archive', 'Sent'].map((name) => ({
    name,
    messages: Array.from({ length: 400 }, (_, i) => ({
      raw: Buffer.from(`Subject: ${name} ${i}\r\n\r\n`),
      flags: i % 2 ? ['\\Seen'] : [],
      internalDate: new Date(0),
    })),
  })),
};

function listingOf(c: Corpus): Map<string, ListedMessage[]> {
  return new Map(c.folders.map((f) => [f.name, f.messages.map((m, i) => ({ uid: i + 1, flags: [...m.flags] }))]));
}

/** What the server holds once a round's flag changes and expunges are done. */
function applied(listing: Map<string, ListedMessage[]>, round: number): Map<string, ListedMessage[]> {
  const next = new Map(listing);
  for (const { folder, markSeen, markUnseen, expunge } of pickChanges(listing, round)) {
    next.set(
      folder,
      listing
        .get(folder)!
        .filter((m) => !expunge.includes(m.uid))
        .map((m) => ({
          uid: m.uid,
          flags: markSeen.includes(m.uid)
            ? [...m.flags, '\\Seen']
            : markUnseen.includes(m.uid)
              ? m.flags.filter((f) => f !== '\\Seen')
              : m.flags,
        })),
    );
  }
  return next;
}

test('appends: 1% of the corpus, other messages each round, labels never repeat', () => {
  const rounds = [0, 1, 2].map((r) => pickAppends(corpus, r));
  assert.deepEqual(
    rounds.map((r) => r.length),
    [12, 12, 12],
  );
  const messages = rounds.flat().map((p) => p.message);
  assert.equal(new Set(messages).size, messages.length);
  const labels = rounds.flat().map((p) => p.label);
  assert.equal(new Set(labels).size, labels.length);
});

test('appends: messages over 1 MB are never copied', () => {
  const big: Corpus = {
    folders: [
      {
        name: 'INBOX',
        messages: Array.from({ length: 100 }, () => ({
          raw: Buffer.alloc(2 * 1024 * 1024),
          flags: [],
          internalDate: new Date(0),
        })),
      },
    ],
  };
  assert.deepEqual(pickAppends(big, 0), []);
});

test('changes: round after round, picks come from what the server holds now and differ from the last round', () => {
  let listing = listingOf(corpus);
  let previous = new Set<string>();
  for (let round = 0; round < 4; round++) {
    const changes = pickChanges(listing, round);
    const picked = changes.flatMap((c) =>
      [...c.markSeen, ...c.markUnseen, ...c.expunge].map((uid) => `${c.folder}:${uid}`),
    );
    assert.ok(
      changes.some((c) => c.expunge.length) && changes.some((c) => c.markSeen.length + c.markUnseen.length),
      `round ${round} changes flags and expunges`,
    );
    for (const { folder, markSeen, markUnseen, expunge } of changes) {
      const present = new Map(listing.get(folder)!.map((m) => [m.uid, m.flags]));
      for (const uid of [...markSeen, ...markUnseen, ...expunge])
        assert.ok(present.has(uid), `round ${round}: ${folder} UID ${uid} is on the server`);
      for (const uid of markSeen) assert.ok(!present.get(uid)!.includes('\\Seen'));
      for (const uid of markUnseen) assert.ok(present.get(uid)!.includes('\\Seen'));
      assert.equal(
        new Set([...markSeen, ...markUnseen, ...expunge]).size,
        markSeen.length + markUnseen.length + expunge.length,
        'no message picked twice',
      );
    }
    assert.deepEqual(
      picked.filter((p) => previous.has(p)),
      [],
      `round ${round} picks other messages than the one before`,
    );
    previous = new Set(picked);
    listing = applied(listing, round);
  }
});

test('changes: 1% flag toggles and 0.5% expunges', () => {
  const changes = pickChanges(listingOf(corpus), 0);
  const count = (pick: (c: (typeof changes)[number]) => number[]) => changes.reduce((n, c) => n + pick(c).length, 0);
  assert.equal(
    count((c) => [...c.markSeen, ...c.markUnseen]),
    12,
  );
  assert.equal(
    count((c) => c.expunge),
    6,
  );
});

// Emoji drawn two cells wide by a selector (❤️) or a keycap (1️⃣) are as wide to the reader's own
// columns and wrap as to Ink, which measures with string-width: nothing is cut away or shifted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import stringWidth from 'string-width';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

const HEARTS = '❤️'.repeat(60);

function world() {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [
    {
      raw: mail(
        {
          From: '"❤️ Shop ❤️ ❤️ ❤️ ❤️ ❤️" <shop@x.org>',
          Subject: 'Sale 1️⃣ ends here',
          Date: 'Mon, 1 Jan 2024 09:00:00 +0000',
        },
        `${HEARTS} end\n`,
      ),
    },
    { raw: mail({ From: 'Ann <ann@x.org>', Subject: 'plain row', Date: 'Tue, 2 Jan 2024 09:00:00 +0000' }) },
  ]);
  return { tmp, props: { roots: [{ account: 'a', path: root }], indexFile: join(tmp.path, 'index.sqlite') } };
}

test('index: a sender of ❤️ keeps the size column in line and the subject whole', async () => {
  const { tmp, props } = world();
  const r = renderReader(props);
  try {
    const frame = await r.waitFor((f) => f.includes('plain row'), 'index');
    const rows = frame.split('\n').filter((line) => /\d+ B /.test(line));
    assert.equal(rows.length, 2);
    const sizeEnds = rows.map((row) => stringWidth(row.slice(0, row.search(/ B /) + 2)));
    assert.equal(sizeEnds[0], sizeEnds[1], `size columns at ${sizeEnds.join(' and ')}:\n${rows.join('\n')}`);
    assert.match(
      rows.find((row) => row.includes('Shop'))!,
      /Sale 1️⃣ ends here/,
    );
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

test('pager: a line of ❤️ wraps at the width, no heart cut off', async () => {
  const { tmp, props } = world();
  const r = renderReader(props);
  try {
    await r.waitFor((f) => f.includes('plain row'), 'index');
    await r.press(KEY.up, KEY.enter);
    const frame = await r.waitFor((f) => f.includes('From: ❤️ Shop'), 'pager');
    assert.equal(frame.match(/❤️/g)?.length, 60 + 6, frame);
    assert.match(frame, / end$/m);
    for (const line of frame.split('\n')) assert.ok(stringWidth(line) <= 100, line);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

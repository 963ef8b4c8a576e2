import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { createElement } from 'react';
import { Text } from 'ink';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import { Reader, type ReaderProps } from '../../../src/ui/reader/Reader.js';
import { readerLayout } from '../../../src/ui/reader/reader-layout.js';
import { makeTempDir, mail, writeMaildir } from '../../reader/make-maildir.js';
import { KEY, renderReader } from './reader-harness.js';

test('a tiny terminal: the main area keeps a row, then the title, the message line, the app status line', () => {
  const shape = (height: number, status: boolean, prompting = false) => {
    const l = readerLayout(height, status, prompting);
    return `${l.title ? 'T' : ''}${l.main}${l.messageLine ? 'M' : ''}${l.statusLine ? 'S' : ''}`;
  };
  assert.deepEqual(
    [6, 4, 3, 2, 1, 0, -1].map((h) => shape(h, true)),
    ['T3MS', 'T1MS', 'T1M', 'T1', '1', '1', '1'],
  );
  assert.deepEqual(
    [5, 3, 2].map((h) => shape(h, false)),
    ['T3M', 'T1M', 'T1'],
  );
  // A prompt being typed keeps its line before the title.
  assert.deepEqual(
    [3, 2].map((h) => shape(h, true, true)),
    ['T1M', '1M'],
  );
});

test('the reader in 1 to 6 rows, resized and paging: never more rows than the terminal, no line drawn over another', async () => {
  const tmp = makeTempDir();
  const root = join(tmp.path, 'Mail');
  writeMaildir(root, [
    {
      raw: mail(
        { From: 'Ann <ann@x.org>', To: 'me@x.org', Subject: 'Hello', Date: 'Mon, 1 Jan 2024 09:00:00 +0000' },
        'body one\nbody two\n',
      ),
    },
  ]);
  const props: ReaderProps = {
    roots: [{ account: 'a', path: root }],
    indexFile: join(tmp.path, 'index.sqlite'),
    active: true,
    onExit: () => {},
    width: 100,
    height: 6,
    statusLine: createElement(Text, null, 'SYNC STATUS'),
  };
  const r = renderReader(props);
  const at = (height: number) =>
    r.rerender(createElement(KeyDispatcher, null, createElement(Reader, { ...props, height })));
  try {
    await r.waitFor((f) => f.includes('Hello'), 'index');
    await r.press(KEY.enter);
    const pager = (await r.waitFor((f) => f.includes('From: Ann'), 'pager')).split('\n');
    assert.match(pager[0]!, /^a:INBOX {2}1 messages/, 'the title first');
    assert.equal(pager[1], 'From: Ann <ann@x.org>', 'the pager right below it');
    for (const height of [5, 4, 3, 2, 1, 6]) {
      at(height);
      const f = await r.waitFor((f) => f.split('\n').length <= height, `${height} rows`);
      const lines = f.split('\n');
      assert.equal(lines.length, height, f);
      if (height >= 2) assert.match(lines[0]!, /^a:INBOX {2}1 messages/, f);
      assert.equal(lines[height >= 2 ? 1 : 0], 'From: Ann <ann@x.org>', f);
      assert.equal(lines.includes('SYNC STATUS'), height >= 4, f);
    }
    at(3);
    await r.waitFor((f) => f.split('\n').length === 3, '3 rows');
    await r.press(' ', ' ', KEY.down);
    await r.waitFor((f) => f.split('\n')[1] === 'Subject: Hello', 'Space and Down a line at a time in a one-row pager');
    await r.press('/');
    const prompting = await r.waitFor((f) => f.includes('Search for: █'), 'the search prompt');
    assert.deepEqual(prompting.split('\n').slice(1), ['Subject: Hello', 'Search for: █']);
    at(2);
    const two = await r.waitFor((f) => f.split('\n').length === 2, '2 rows');
    assert.deepEqual(two.split('\n'), ['Subject: Hello', 'Search for: █']);
  } finally {
    await r.close();
    tmp.cleanup();
  }
});

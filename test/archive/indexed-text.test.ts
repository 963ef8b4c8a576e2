// Search finds a message by the words its pager shows, for the kinds of body the index once read
// otherwise than the pager: format=flowed, text/enriched, a list footer after base64 padding.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test } from 'node:test';
import { IndexWriter, openIndex, refreshFolder, searchIndex, type FolderRef } from '../../src/archive/index.js';
import { messageBodyText } from '../../src/reader/render-message.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

const BODIES: { subject: string; type: string; encoding?: string; body: string; word: string }[] = [
  {
    subject: 'flowed',
    type: 'text/plain; format=flowed; delsp=yes',
    body: 'a long para \ngraph here\n',
    word: 'paragraph',
  },
  { subject: 'enriched', type: 'text/enriched', body: '<bold>emphatic</bold> words\n', word: 'emphatic' },
  {
    subject: 'footer',
    type: 'text/plain; charset=utf-8',
    encoding: 'base64',
    body: `${Buffer.from('body text\n').toString('base64')}\n--\nTo unsubscribe, write to list@example.org\n`,
    word: 'unsubscribe',
  },
];

test('search finds each message by a word its pager shows, and by no word it does not', async (t) => {
  const tmp = makeTempDir('mailkeep-indexed-text-');
  t.after(tmp.cleanup);
  const db = openIndex(path.join(tmp.path, 'archive.sqlite'))!;
  t.after(() => db.close());
  const inbox: FolderRef = { path: path.join(tmp.path, 'Mail'), account: 'me', name: 'INBOX' };
  const files = writeMaildir(
    inbox.path,
    BODIES.map(({ subject, type, encoding, body }) => ({
      raw: mail(
        {
          From: 'ann@example.org',
          Subject: subject,
          'MIME-Version': '1.0',
          'Content-Type': type,
          ...(encoding ? { 'Content-Transfer-Encoding': encoding } : {}),
        },
        body,
      ),
    })),
  );
  refreshFolder(new IndexWriter(db), inbox);
  for (const [at, { subject, word }] of BODIES.entries()) {
    assert.match(await messageBodyText(files[at]!), new RegExp(`\\b${word}\\b`), subject);
    assert.deepEqual(
      searchIndex(db, word).map((row) => row.subject),
      [subject],
      word,
    );
  }
  assert.deepEqual(searchIndex(db, 'graph'), []);
});

// Search finds a message by the words its pager shows, for the kinds of body the index once read
// otherwise than the pager: format=flowed, text/enriched, a list footer after a base64 body, a text
// part with a file name.
import assert from 'node:assert/strict';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import {
  IndexWriter,
  openIndex,
  refreshFolder,
  searchIndex,
  type FolderRef,
  type IndexDb,
} from '../../src/archive/index.js';
import { messageBodyText, renderMessageFile } from '../../src/reader/render-message.js';
import { mail, makeTempDir, writeMaildir } from '../reader/make-maildir.js';

/** The messages written to a Maildir and indexed: the index and the files, in order. */
function indexMessages(t: TestContext, raws: { raw: string }[]): { db: IndexDb; files: string[] } {
  const tmp = makeTempDir('mailkeep-indexed-text-');
  t.after(tmp.cleanup);
  const db = openIndex(path.join(tmp.path, 'archive.sqlite'))!;
  t.after(() => db.close());
  const inbox: FolderRef = { path: path.join(tmp.path, 'Mail'), account: 'me', name: 'INBOX' };
  const files = writeMaildir(inbox.path, raws);
  refreshFolder(new IndexWriter(db), inbox);
  return { db, files };
}

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
  {
    subject: 'unpadded footer',
    type: 'text/plain; charset=utf-8',
    encoding: 'base64',
    body: `${Buffer.from('some body text\n').toString('base64')}\n--\nTo leave, write to list-owner@example.org\n`,
    word: 'leave',
  },
];

test('search finds each message by a word its pager shows, and by no word it does not', async (t) => {
  const { db, files } = indexMessages(
    t,
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

/** A text part named as a file, in a multipart/mixed after a plain one; `word` is in its body only. */
const NAMED: { subject: string; headers: string; body?: string; word: string; name: string }[] = [
  {
    subject: 'inline',
    headers: 'Content-Type: text/plain; name="notes.txt"\nContent-Disposition: inline; filename="notes.txt"',
    word: 'minutes',
    name: 'notes.txt',
  },
  { subject: 'undisposed', headers: 'Content-Type: text/plain; name="log.txt"', word: 'stacktrace', name: 'log.txt' },
  {
    subject: 'attached',
    headers: 'Content-Type: text/plain; name="secret.txt"\nContent-Disposition: attachment; filename="secret.txt"',
    word: 'hidden',
    name: 'secret.txt',
  },
  {
    subject: 'untyped',
    headers: 'Content-Disposition: inline; filename="scan.pdf"\nContent-Transfer-Encoding: base64',
    body: Buffer.from('%PDF-1.4 scanned\n').toString('base64'),
    word: 'scanned',
    name: 'scan.pdf',
  },
];

test('a named text part is read by search as the pager shows it: as text, or as an attachment', async (t) => {
  const { db, files } = indexMessages(
    t,
    NAMED.map(({ subject, headers, body, word }) => ({
      raw: mail(
        {
          From: 'ann@example.org',
          Subject: subject,
          'MIME-Version': '1.0',
          'Content-Type': 'multipart/mixed; boundary=b',
        },
        `--b\nContent-Type: text/plain\n\nintro\n--b\n${headers}\n\n${body ?? `the ${word} of it\n`}\n--b--\n`,
      ),
    })),
  );
  const subjects = (query: string) => searchIndex(db, query).map((row) => row.subject);
  const listed: string[] = [];
  for (const [at, { subject, word, name }] of NAMED.entries()) {
    const shown = await renderMessageFile(files[at]!);
    const shownAsText = shown.bodyLines.some((line) => line.includes(word));
    const attached = shown.attachments.some((a) => a.name === name);
    assert.notEqual(shownAsText, attached, subject);
    assert.deepEqual(subjects(word), shownAsText ? [subject] : [], `${subject}: ${word}`);
    assert.deepEqual(subjects(`attachment:${name}`), attached ? [subject] : [], `${subject}: attachment:${name}`);
    if (attached) listed.push(subject);
  }
  assert.deepEqual(listed, ['attached', 'untyped']);
  assert.deepEqual(subjects('has:attachment').sort(), listed);
});

/** Parts of types the pager has no special reading for: text/* is text, as mutt shows and notmuch indexes it. */
const UNKNOWN: { subject: string; headers: string; word: string; text: boolean }[] = [
  { subject: 'x-unknown', headers: 'Content-Type: text/x-unknown', word: 'quokka', text: true },
  { subject: 'csv', headers: 'Content-Type: text/csv; charset=utf-8', word: 'numbat', text: true },
  { subject: 'no subtype', headers: 'Content-Type: text', word: 'wombat', text: true },
  { subject: 'x-foo', headers: 'Content-Type: application/x-foo', word: 'dingo', text: false },
  { subject: 'no subtype app', headers: 'Content-Type: application', word: 'bilby', text: false },
  { subject: 'junk after', headers: 'Content-Type: application/pdf junk', word: 'potoroo', text: false },
  {
    subject: 'attached diff',
    headers: 'Content-Type: text/x-diff\nContent-Disposition: attachment',
    word: 'wallaby',
    text: false,
  },
];

test('a part of a type without a reader of its own is text to search where the pager shows it as text', async (t) => {
  const { db, files } = indexMessages(
    t,
    UNKNOWN.map(({ subject, headers, word }) => ({
      raw: mail(
        {
          From: 'ann@example.org',
          Subject: subject,
          'MIME-Version': '1.0',
          'Content-Type': 'multipart/mixed; boundary=b',
        },
        `--b\nContent-Type: text/plain\n\nintro\n--b\n${headers}\n\nthe ${word} of it\n--b--\n`,
      ),
    })),
  );
  const subjects = (query: string) => searchIndex(db, query).map((row) => row.subject);
  for (const [at, { subject, word, text }] of UNKNOWN.entries()) {
    const shown = await renderMessageFile(files[at]!);
    assert.deepEqual(shown.bodyLines, text ? ['intro', `the ${word} of it`] : ['intro'], subject);
    assert.equal(shown.attachments.length, text ? 0 : 1, subject);
    assert.deepEqual(subjects(word), text ? [subject] : [], `${subject}: ${word}`);
  }
  assert.deepEqual(
    subjects('has:attachment').sort(),
    UNKNOWN.filter((u) => !u.text)
      .map((u) => u.subject)
      .sort(),
  );
});

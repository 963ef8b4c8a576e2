// What the pager shows of messages that break MIME renderers, as found by a differential against
// notmuch show and mailparser: each test is one class of message ours rendered wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readAttachment, renderMessageSource } from '../../src/reader/render-message.js';
import { extractMessageText } from '../../src/mail/message-text.js';

const HEAD = 'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: odd\nMIME-Version: 1.0\n';
const message = (head: string, body: string | Buffer) =>
  Buffer.concat([Buffer.from(HEAD + head + '\n'), Buffer.isBuffer(body) ? body : Buffer.from(body)]);

test('an alternative whose plain part is empty shows its HTML part', async () => {
  const raw = message(
    'Content-Type: multipart/alternative; boundary="A"\n',
    '--A\nContent-Type: text/plain\n\n\n \n--A\nContent-Type: text/html\n\n<p>only in the html</p>\n--A--\n',
  );
  assert.deepEqual((await renderMessageSource(raw)).bodyLines, ['only in the html']);
  assert.equal(extractMessageText(raw).body.trim(), 'only in the html');
});

test('a UTF-8 or unlabelled 8-bit part with a stray Latin-1 byte keeps its UTF-8 and reads the byte as Windows-1252', async () => {
  const body = Buffer.concat([
    Buffer.from('good café, bad caf'),
    Buffer.from([0xe9, 0x20, 0x93]),
    Buffer.from('end\n'),
  ]);
  for (const charset of ['; charset=utf-8', '; charset=x-unknown', '']) {
    const raw = message(`Content-Type: text/plain${charset}\nContent-Transfer-Encoding: 8bit\n`, body);
    assert.deepEqual((await renderMessageSource(raw)).bodyLines, ['good café, bad café “end'], charset);
    assert.equal(extractMessageText(raw).body.trim(), 'good café, bad café “end', charset);
  }
});

test('a list footer after a base64 body, its last line padded or not, is shown and indexed as text, not as junk', async () => {
  // 14 bytes end in padding, 15 do not: mutt and notmuch decode such a footer as junk either way.
  for (const text of ['the real text\n', 'the real texts\n']) {
    const encoded = Buffer.from(text).toString('base64');
    const raw = message(
      'Content-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n',
      `${encoded}\n_______________\nList mailing list\nList@example.org\n`,
    );
    const shown = [text.trim(), '_______________', 'List mailing list', 'List@example.org'];
    assert.deepEqual((await renderMessageSource(raw)).bodyLines, shown, encoded);
    assert.equal(extractMessageText(raw).body.trim(), shown.join('\n'), encoded);
  }
});

test('base64 glued from pieces each with its own padding is decoded whole', async () => {
  const pieces = ['first ', 'second ', 'third'].map((piece) => Buffer.from(piece).toString('base64'));
  const raw = message('Content-Type: text/plain\nContent-Transfer-Encoding: base64\n', `${pieces.join('\n')}\n`);
  assert.deepEqual((await renderMessageSource(raw)).bodyLines, ['first second third']);
  assert.equal(extractMessageText(raw).body, 'first second third');
});

test('format=flowed lines are joined for search as the pager joins them, with DelSp=yes and without', async () => {
  const cases = [
    {
      type: 'text/plain; charset=utf-8; format=flowed; delsp=yes',
      body: 'A long para \ngraph that contin \nues here.\n> quoted flow \n> ed line\n-- \nsig line\n',
      shown: ['A long paragraph that continues here.', '> quoted flowed line', '-- ', 'sig line'],
    },
    { type: 'text/plain; format="Flowed"', body: 'first half \nsecond half\n', shown: ['first half second half'] },
  ];
  for (const { type, body, shown } of cases) {
    const raw = message(`Content-Type: ${type}\n`, body);
    assert.deepEqual((await renderMessageSource(raw)).bodyLines, shown, type);
    assert.equal(extractMessageText(raw).body.trim(), shown.join('\n'), type);
  }
});

test('a text/enriched body is shown and indexed as its text, by the rules of RFC 1896', async () => {
  const enriched = [
    '<bold>Now</bold> is the time for <italic>all</italic>',
    'good men <smaller>(and <<women>)</smaller>',
    '',
    '<color><param>red</param>beloved</color> country.',
    '<nofill>kept',
    'as lines</nofill>',
    '',
    '<excerpt>quoted',
    'text</excerpt>',
  ].join('\r\n');
  const shown = [
    'Now is the time for all good men (and <women>)',
    'beloved country. kept',
    'as lines',
    '> quoted text',
  ];
  const raw = message('Content-Type: text/enriched; charset=utf-8\n', enriched);
  const rendered = await renderMessageSource(raw);
  assert.deepEqual(rendered.bodyLines, shown);
  assert.deepEqual(rendered.attachments, []);
  assert.equal(extractMessageText(raw).body, shown.join('\n'));

  const alternative = message(
    'Content-Type: multipart/alternative; boundary="A"\n',
    `--A\nContent-Type: text/plain\n\nthe plain one\n--A\nContent-Type: text/enriched\n\n<bold>the enriched one</bold>\n--A--\n`,
  );
  assert.deepEqual((await renderMessageSource(alternative)).bodyLines, ['the plain one']);
  assert.equal(extractMessageText(alternative).body, 'the plain one');
});

test('a message attached as message/rfc822 is shown as mutt shows it, still listed to save, and indexed alike', async (t) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mailkeep-attached-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const inner = [
    'From: =?utf-8?Q?D=C3=A9d=C3=A9?= <dede@example.org>',
    'To: carol@example.org',
    'Date: Tue, 2 Jan 2024 10:00:00 +0000',
    'Subject: =?utf-8?Q?attached_okapi_=1B[31mred?=',
    '',
    'attached body okapi \x1b]0;title\x07text',
    '',
  ].join('\n');
  const forms = [
    'Content-Type: message/rfc822; name="fwd.eml"\nContent-Disposition: attachment; filename="fwd.eml"\n\n' + inner,
    'Content-Type: message/rfc822\n\n' + inner,
    `Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${Buffer.from(inner).toString('base64')}\n`,
  ];
  for (const form of forms) {
    const raw = message('Content-Type: multipart/mixed; boundary="M"\n', `--M\n\nouter text\n--M\n${form}--M--\n`);
    const rendered = await renderMessageSource(raw);
    const name = form.includes('fwd.eml') ? 'fwd.eml' : 'attachment-1';
    assert.deepEqual(
      rendered.bodyLines,
      [
        'outer text',
        '',
        `[-- attachment 1: ${name} --]`,
        'From: Dédé <dede@example.org>',
        'To: carol@example.org',
        'Date: Tue, 2 Jan 2024 10:00:00 +0000',
        'Subject: attached okapi red',
        '',
        'attached body okapi text',
      ],
      form,
    );
    assert.deepEqual(
      rendered.attachments.map((a) => [a.name, a.type]),
      [[name, 'message/rfc822']],
    );
    const indexed = extractMessageText(raw);
    assert.match(
      indexed.body,
      /Dédé <dede@example\.org>\ncarol@example\.org\nattached okapi .*red\nattached body okapi/,
    );
    assert.equal(indexed.attachmentCount, rendered.attachments.length, form);
    const file = path.join(dir, 'message');
    writeFileSync(file, raw);
    assert.equal((await readAttachment(file, 0)).content.toString().trimEnd(), inner.trimEnd(), form);
  }
});

test('messages attached between text parts are shown in their places, as mutt shows them and the index reads them', async () => {
  const inner = (word: string) => `From: dede@example.org\nSubject: ${word}\n\ninner ${word}\n`;
  const forms = [
    (word: string) => `Content-Type: message/rfc822\n\n${inner(word)}`,
    (word: string) =>
      `Content-Type: message/rfc822; name="${word}.eml"\nContent-Disposition: attachment; filename="${word}.eml"\n\n${inner(word)}`,
    (word: string) =>
      `Content-Type: message/rfc822\nContent-Transfer-Encoding: base64\n\n${Buffer.from(inner(word)).toString('base64')}\n`,
  ];
  const shownMessage = (at: number, name: string, word: string) => [
    '',
    `[-- attachment ${at}: ${name} --]`,
    'From: dede@example.org',
    `Subject: ${word}`,
    '',
    `inner ${word}`,
  ];
  for (const form of forms) {
    const raw = message(
      'Content-Type: multipart/mixed; boundary="M"\n',
      `--M\nContent-Type: text/plain\n\ntext A aardvark\n--M\n${form('walrus')}--M\n${form('otter')}--M\nContent-Type: text/plain\n\ntext B badger\n--M--\n`,
    );
    const named = form('x').includes('x.eml');
    assert.deepEqual(
      (await renderMessageSource(raw)).bodyLines,
      [
        'text A aardvark',
        ...shownMessage(1, named ? 'walrus.eml' : 'attachment-1', 'walrus'),
        ...shownMessage(2, named ? 'otter.eml' : 'attachment-2', 'otter'),
        '',
        'text B badger',
      ],
      form('x'),
    );
    assert.match(extractMessageText(raw).body, /aardvark[^]*inner walrus[^]*inner otter[^]*badger/);
  }
  const afterHtml = message(
    'Content-Type: multipart/mixed; boundary="M"\n',
    `--M\nContent-Type: text/html\n\n<p>html heron</p>\n--M\n${forms[0]!('walrus')}--M--\n`,
  );
  assert.deepEqual((await renderMessageSource(afterHtml)).bodyLines, [
    'html heron',
    ...shownMessage(1, 'attachment-1', 'walrus'),
  ]);
});

test('a whole message of a text type without a reader of its own is shown and indexed as text', async () => {
  for (const type of ['text/x-unknown', 'text/calendar; charset=utf-8', 'text']) {
    const raw = message(`Content-Type: ${type}\n`, 'BEGIN okapi\nEND\n');
    const rendered = await renderMessageSource(raw);
    assert.deepEqual(rendered.bodyLines, ['BEGIN okapi', 'END'], type);
    assert.deepEqual(rendered.attachments, [], type);
    assert.equal(extractMessageText(raw).body, 'BEGIN okapi\nEND\n', type);
  }
  const binary = message('Content-Type: application/x-foo\n', 'not text okapi\n');
  assert.deepEqual((await renderMessageSource(binary)).bodyLines, []);
  assert.equal(extractMessageText(binary).body, '');
});

test('a part with no header lines (a blank line after its boundary) is plain text to the pager and the index', async () => {
  for (const eol of ['\n', '\r\n']) {
    const raw = message(
      'Content-Type: multipart/mixed; boundary="M"\n',
      `--M${eol}${eol}first bare part${eol}--M${eol}Content-Type: text/plain${eol}${eol}second part${eol}--M--${eol}`,
    );
    assert.deepEqual(
      (await renderMessageSource(raw)).bodyLines,
      ['first bare part', 'second part'],
      JSON.stringify(eol),
    );
    assert.equal(extractMessageText(raw).body, 'first bare part\nsecond part', JSON.stringify(eol));
  }
});

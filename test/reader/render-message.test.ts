import { test } from 'node:test';
import assert from 'node:assert/strict';
import { truncate } from 'node:fs/promises';
import {
  DEFAULT_RENDER_LIMITS,
  renderMessageFile,
  renderMessageSource,
  readAttachment,
} from '../../src/reader/render-message.js';
import { makeTempDir, mail, writeMaildir } from './make-maildir.js';

const render = (raw: string | Buffer) => renderMessageSource(Buffer.isBuffer(raw) ? raw : Buffer.from(raw, 'latin1'));
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

test('plain text: decoded RFC 2047 headers, addresses beside names', async () => {
  const r = await render(
    mail(
      {
        From: '=?UTF-8?B?SsO8cmdlbg==?= <j@example.de>',
        To: 'a@x.org, "B, C" <b@x.org>',
        Subject: '=?ISO-8859-1?Q?Gr=FC=DFe?=',
        Date: 'Mon, 1 Jan 2024 10:00:00 +0000',
      },
      'line one\nline two\n',
    ),
  );
  assert.equal(r.headers.from, 'Jürgen <j@example.de>');
  assert.equal(r.headers.to, 'a@x.org, "B, C" <b@x.org>'.replace('"B, C"', 'B, C'));
  assert.equal(r.headers.subject, 'Grüße');
  assert.equal(r.headers.date, 'Mon, 1 Jan 2024 10:00:00 +0000');
  assert.deepEqual(r.bodyLines, ['line one', 'line two']);
  assert.equal(r.notice, undefined);
});

test('HTML only: turned into readable text without tags', async () => {
  const r = await render(
    mail(
      { From: 'a@x', Subject: 'h', 'Content-Type': 'text/html; charset=utf-8' },
      '<html><body><h1>Title</h1><p>Hello <b>world</b></p><script>evil()</script></body></html>',
    ),
  );
  const text = r.bodyLines.join('\n');
  assert.match(text, /TITLE|Title/);
  assert.match(text, /Hello world/);
  assert.doesNotMatch(text, /<|evil/);
});

test('of a huge HTML body only the start is turned into text, with a notice saying so', async () => {
  const paragraphs = Array.from({ length: 100 }, (_, i) => `<p>para ${i}</p>`).join('');
  const raw = mail({ From: 'a@x', Subject: 'h', 'Content-Type': 'text/html; charset=utf-8' }, paragraphs);
  const r = await renderMessageSource(Buffer.from(raw), { ...DEFAULT_RENDER_LIMITS, htmlChars: 200 });
  const text = r.bodyLines.join('\n');
  assert.match(text, /para 0\b/);
  assert.doesNotMatch(text, /para 99/);
  assert.equal(r.notice, 'the HTML of this message is 1.4 KB: showing the text of its first 200 B');
  const whole = await renderMessageSource(Buffer.from(raw));
  assert.match(whole.bodyLines.join('\n'), /para 99/);
  assert.equal(whole.notice, undefined);
});

const alternative = mail(
  { From: 'a@x', Subject: 'alt', 'MIME-Version': '1.0', 'Content-Type': 'multipart/mixed; boundary="OUT"' },
  [
    '--OUT',
    'Content-Type: multipart/alternative; boundary="ALT"',
    '',
    '--ALT',
    'Content-Type: text/plain; charset=utf-8',
    '',
    'plain version',
    '--ALT',
    'Content-Type: text/html; charset=utf-8',
    '',
    '<p>html version</p>',
    '--ALT--',
    '--OUT',
    'Content-Type: application/pdf; name="report.pdf"',
    'Content-Disposition: attachment; filename="report.pdf"',
    'Content-Transfer-Encoding: base64',
    '',
    Buffer.from('%PDF-1.4 fake').toString('base64'),
    '--OUT--',
    '',
  ].join('\n'),
);

test('multipart/alternative prefers text/plain and lists the attachment', async () => {
  const r = await render(alternative);
  assert.deepEqual(r.bodyLines, ['plain version']);
  assert.deepEqual(r.attachments, [{ index: 0, name: 'report.pdf', type: 'application/pdf', size: 13 }]);
});

test('readAttachment returns the decoded bytes', async () => {
  const dir = makeTempDir();
  try {
    const [file] = writeMaildir(dir.path, [{ raw: alternative, flags: 'S' }]);
    const a = await readAttachment(file!, 0);
    assert.equal(a.content.toString(), '%PDF-1.4 fake');
    await assert.rejects(readAttachment(file!, 5), /no attachment number 6/);
  } finally {
    dir.cleanup();
  }
});

test('broken messages still show text, never throw', async () => {
  const broken = [
    'From: a@x\nSubject: no blank line\nthis is not a header',
    mail(
      { From: 'a@x', 'Content-Type': 'multipart/mixed; boundary="B"' },
      '--B\nContent-Type: text/plain\n\ntruncated par',
    ),
    mail({ From: 'a@x', 'Content-Transfer-Encoding': 'base64' }, '!!!not base64@@@\n'),
    mail({ From: 'a@x', 'Content-Type': 'text/plain; charset=x-bogus-42' }, 'caf\u00e9 text'),
    mail({ From: 'a@x', Subject: 'nul\u0000s' }, 'a\u0000b\u0000c'),
    mail({ From: 'a@x' }, 'x'.repeat(20_000)),
    '',
  ];
  for (const raw of broken) {
    const r = await render(raw);
    assert.ok(Array.isArray(r.bodyLines));
    for (const line of [...r.bodyLines, ...Object.values(r.headers), ...r.rawHeaderLines]) {
      assert.doesNotMatch(line, CONTROLS, JSON.stringify(raw.slice(0, 40)));
    }
  }
  assert.match((await render(broken[0]!)).bodyLines.join('\n'), /this is not a header/);
  assert.match((await render(broken[1]!)).bodyLines.join(''), /truncated par/);
  assert.match((await render(broken[3]!)).bodyLines.join(''), /caf/);
  assert.equal((await render(broken[4]!)).bodyLines.join(''), 'abc');
  assert.equal((await render(broken[5]!)).bodyLines[0]!.length, 20_000);
});

test('hostile content: escape sequences and bidi overrides are inert', async () => {
  const r = await render(
    Buffer.from(
      mail(
        { From: 'Evil\u202e <e@x>', Subject: '\u001b]0;owned\u0007\u001b[31mred\u001b[0m' },
        'body \u001b[41mcolour\u001b[0m \u001b]0;title\u0007 \u202eevil',
      ),
      'utf8',
    ),
  );
  assert.equal(r.headers.subject, 'red');
  assert.equal(r.headers.from, 'Evil <e@x>');
  assert.deepEqual(r.bodyLines, ['body colour  evil']);
});

test('the pager shows From, To, Cc, Subject as the index does: escapes gone whole, Latin-1 read', async () => {
  const hostile = '"Evil \u001b]0;pwned\u0007\u001b[31mRed\u001b[0m" <e@x.org>';
  const r = await render(
    mail({ From: hostile, To: 'J\u00fcrgen <j@x.de>', Cc: hostile, Subject: 'caf\u00e9 r\u00e9sum\u00e9' }, 'text\n'),
  );
  assert.equal(r.headers.from, 'Evil Red <e@x.org>');
  assert.equal(r.headers.cc, 'Evil Red <e@x.org>');
  assert.equal(r.headers.to, 'J\u00fcrgen <j@x.de>');
  assert.equal(r.headers.subject, 'caf\u00e9 r\u00e9sum\u00e9');
  assert.deepEqual(r.bodyLines, ['text']);
});

test('the pager decodes UTF-7 encoded words in the headers, as the index does', async () => {
  const r = await render(
    mail({ From: '=?utf-7?Q?Zo+AOs-?= <z@x.org>', Subject: '=?UTF-7?B?SGkgK0FHRUFZZ0JqLQ==?=' }, 'x\n'),
  );
  assert.deepEqual([r.headers.from, r.headers.subject], ['Zo\u00eb <z@x.org>', 'Hi abc']);
});

test('encoded words in a charset nothing knows read as a body in it does: UTF-8 if valid, else Latin-1', async () => {
  const r = await render(
    mail({ From: '=?x-mine?Q?Zo=C3=AB?= <z@x.org>', Subject: '=?unknown-8bit?Q?caf=E9?= =?x-mine?B?w6k=?=' }, 'x\n'),
  );
  assert.deepEqual([r.headers.from, r.headers.subject], ['Zo\u00eb <z@x.org>', 'caf\u00e9\u00e9']);
});

test('a text part in UTF-7, by any of its names and under any transfer encoding, is shown decoded', async () => {
  const body = async (contentType: string, encoding: string, text: string) =>
    (await render(mail({ 'Content-Type': contentType, 'Content-Transfer-Encoding': encoding }, text))).bodyLines;
  const utf7 = 'Hi +AGEAYgBj- +ZeVnLIqe-\n';
  assert.deepEqual(await body('text/plain; charset=utf-7', '7bit', utf7), ['Hi abc \u65e5\u672c\u8a9e']);
  assert.deepEqual(await body('text/plain; charset="UNICODE-1-1-UTF-7"', '7bit', utf7), ['Hi abc \u65e5\u672c\u8a9e']);
  const base64 = Buffer.from(utf7).toString('base64');
  assert.deepEqual(await body('text/plain; charset=UTF-7', 'base64', base64), ['Hi abc \u65e5\u672c\u8a9e']);
  assert.deepEqual(await body('text/html; charset=utf-7', '7bit', '+ADw-p+AD4-Hi abc+ADw-/p+AD4-'), ['Hi abc']);
});

test('a message whose lines end in CR alone is shown with its headers, line by line', async () => {
  const r = await render(
    'From: Ann <ann@x.org>\rSubject: lines end in CR\rDate: Mon, 1 Jan 2024 10:00:00 +0000\r\rline one\rline two\r',
  );
  assert.deepEqual(
    [r.headers.from, r.headers.subject, r.headers.date],
    ['Ann <ann@x.org>', 'lines end in CR', 'Mon, 1 Jan 2024 10:00:00 +0000'],
  );
  assert.deepEqual([r.bodyLines, r.notice], [['line one', 'line two'], undefined]);
});

test('a body in a charset no decoder knows reads as search reads it: UTF-8 if valid, else Latin-1', async () => {
  const body = async (charset: string, text: Buffer) =>
    (await render(Buffer.concat([Buffer.from(mail({ 'Content-Type': `text/plain; charset=${charset}` }, '')), text])))
      .bodyLines;
  assert.deepEqual(await body('unknown-8bit', Buffer.from('caf\xe9\n', 'latin1')), ['caf\u00e9']);
  assert.deepEqual(await body('x-mine', Buffer.from('caf\u00e9\n')), ['caf\u00e9']);
  assert.deepEqual(await body('windows-1252', Buffer.from('\x93hi\x94\n', 'latin1')), ['\u201chi\u201d']);
});

test('a multipart without a boundary, or whose boundary never comes, is shown raw: its text is not lost', async () => {
  const noBoundary = await render(mail({ From: 'a@x', 'Content-Type': 'multipart/mixed' }, '--x\n\nhidden words\n'));
  assert.match(noBoundary.bodyLines.join('\n'), /hidden words/);
  assert.match(noBoundary.notice ?? '', /showing it raw/);
  const never = await render(mail({ From: 'a@x', 'Content-Type': 'multipart/mixed; boundary="Q"' }, 'lost words\n'));
  assert.match(never.bodyLines.join('\n'), /lost words/);
  const empty = await render(mail({ From: 'a@x', Subject: 'no body' }, '\n'));
  assert.deepEqual([empty.bodyLines, empty.notice], [[], undefined]);
});

test('a file above the full-parse limit is shown raw with a notice', async () => {
  const dir = makeTempDir();
  try {
    const [file] = writeMaildir(dir.path, [{ raw: mail({ From: 'a@x', Subject: 'big' }, 'y'.repeat(5000)) }]);
    const r = await renderMessageFile(file!, { ...DEFAULT_RENDER_LIMITS, fullParseBytes: 1000, rawBytes: 200 });
    assert.match(r.notice ?? '', /showing the first 200 B raw/);
    assert.equal(r.headers.subject, 'big');
    assert.ok(r.bodyLines.join('\n').length <= 200);
  } finally {
    dir.cleanup();
  }
});

test('a message of more lines than the limit is shown raw with a notice, not parsed line by line', async () => {
  const raw = Buffer.from(mail({ From: 'a@x', Subject: 'lines' }, 'ab\n'.repeat(50)));
  const r = await renderMessageSource(raw, { ...DEFAULT_RENDER_LIMITS, maxLines: 40, rawBytes: 100 });
  assert.match(r.notice ?? '', /^message has over 40 lines: showing the first 100 B raw$/);
  assert.equal(r.headers.subject, 'lines');
  assert.ok(r.bodyLines.join('\n').length <= 100);
  const within = await renderMessageSource(raw, { ...DEFAULT_RENDER_LIMITS, maxLines: 60 });
  assert.equal(within.notice, undefined);
  assert.equal(within.bodyLines.length, 50);
});

test('of a file above the full-parse limit only the raw head is read, however big the limit', async () => {
  const dir = makeTempDir();
  try {
    const [file] = writeMaildir(dir.path, [{ raw: mail({ From: 'a@x', Subject: 'huge' }, 'body') }]);
    await truncate(file!, 6 * 2 ** 30); // sparse: 6 GB on paper, nothing on disk
    // A limit above the largest possible Buffer: reading up to it instead of rawBytes would throw.
    const limits = { ...DEFAULT_RENDER_LIMITS, fullParseBytes: 5 * 2 ** 30, rawBytes: 200 };
    const r = await renderMessageFile(file!, limits);
    assert.match(r.notice ?? '', /^message is 6\.0 GB: showing the first 200 B raw$/);
    assert.equal(r.headers.subject, 'huge');
    await assert.rejects(
      readAttachment(file!, 0, limits),
      /^Error: message is 6\.0 GB, too large to extract attachments from$/,
    );
  } finally {
    dir.cleanup();
  }
});

test('a message with too many parts falls back to raw text', async () => {
  const parts = Array.from({ length: 20 }, (_, i) => `--B\nContent-Type: text/plain\n\npart ${i}`).join('\n');
  const r = await renderMessageSource(
    Buffer.from(mail({ From: 'a@x', 'Content-Type': 'multipart/mixed; boundary="B"' }, parts + '\n--B--\n')),
    {
      ...DEFAULT_RENDER_LIMITS,
      maxParts: 5,
    },
  );
  assert.match(r.notice ?? '', /raw/);
  assert.match(r.bodyLines.join('\n'), /part 19/);
});

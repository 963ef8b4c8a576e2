// Corpus messages cut, repeated and laced with what hostile or broken mail carries (encoded words
// holding ESC or bidi overrides, C1 controls, stray boundaries, NULs, giant runs): the pager's
// rendering and the index's display fields never throw and never put a control character or a
// bidi override on the screen. Deterministic: the same seed gives the same cases.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { extractMessageText } from '../../src/mail/message-text.js';
import { renderMessageSource } from '../../src/reader/render-message.js';
import { generateCorpus } from '../support/corpus.js';
import { prng } from '../support/prng.js';

const CASES = 1500;
const ON_SCREEN_FORBIDDEN = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Latin-1 strings: each character is one byte of the message. */
const INSERTS = [
  '=?utf-8?B?4oCu?=', // U+202E RIGHT-TO-LEFT OVERRIDE
  '=?utf-8?Q?=1B[2J?=',
  '=?utf-8?Q?=E2=80=AE?=',
  '=?iso-8859-1?Q?=9B31m?=',
  '\xe2\x80\xae',
  '\xc2\x9b',
  '\x1b[31m',
  '\x00',
  '&#8238;',
  '&#x1b;',
  '<html><b>',
  '\r\n--',
  '\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n',
  '\r\nContent-Transfer-Encoding: quoted-printable\r\n',
  '=\r\n',
  '=?',
  '?=',
  '"',
  '(',
  '<',
  '\\',
  '\t',
  '\n',
  '\r',
];

function mutate(random: () => number, raw: Buffer): Buffer {
  let s = raw.toString('latin1');
  for (let ops = 1 + Math.floor(random() * 5); ops > 0; ops--) {
    const at = Math.floor(random() * s.length);
    const r = random();
    if (r < 0.5) {
      const insert = INSERTS[Math.floor(random() * INSERTS.length)]!;
      s = s.slice(0, at) + insert.repeat(random() < 0.05 ? 2000 : 1) + s.slice(at);
    } else if (r < 0.7) s = s.slice(0, at) + s.slice(at + Math.floor(random() * 200));
    else if (r < 0.85) s = s.slice(0, at) + s.slice(at, at + 200).repeat(1 + Math.floor(random() * 20)) + s.slice(at);
    else s = s.slice(0, at) + String.fromCharCode(Math.floor(random() * 256)) + s.slice(at + 1);
  }
  return Buffer.from(s, 'latin1');
}

function assertClean(where: string, texts: readonly string[], raw: Buffer): void {
  const text = texts.join('\n');
  const bad = ON_SCREEN_FORBIDDEN.exec(text);
  assert.equal(
    bad,
    null,
    `${where}: U+${bad?.[0].codePointAt(0)?.toString(16)} shown for ${raw.subarray(0, 300).toString('latin1')}`,
  );
}

test('mutated messages: the pager and the index rows show no control character and never throw', async () => {
  const messages = generateCorpus('tiny').folders.flatMap((f) => f.messages.map((m) => m.raw));
  const random = prng(20261207);
  for (let i = 0; i < CASES; i++) {
    const raw = mutate(random, messages[Math.floor(random() * messages.length)]!);
    const shown = await renderMessageSource(raw);
    const { from, to, cc, date, subject } = shown.headers;
    assertClean(
      'pager',
      [from, to, cc, date, subject, ...shown.bodyLines, ...shown.rawHeaderLines, shown.notice ?? ''],
      raw,
    );
    assertClean(
      'pager attachments',
      shown.attachments.flatMap((a) => Object.values(a).map(String)),
      raw,
    );
    const row = extractMessageText(raw);
    assertClean('index row', [row.from, row.to, row.cc, row.subject], raw);
  }
});

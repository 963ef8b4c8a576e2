// The corpus's broken and hostile messages, as real archives hold them: each must survive a
// backup byte for byte and be shown safely.
import { CRLF, type Writer } from './corpus-writer.js';

/** Raw UTF-8 in headers without RFC 2047 encoding, as some mailers send it. */
function eightBitHeaderMessage(w: Writer, date: Date): string {
  const h = w.headers(date, `Überraschung für Zoë — ${w.words(2)}`, ['Content-Type: text/plain; charset=utf-8']);
  return `${h.text}${CRLF}${CRLF}Straße, Grüße, 日本語.${CRLF}`;
}

function longLineMessage(w: Writer, date: Date): string {
  const h = w.headers(date, `long lines ${w.words(2)}`, ['Content-Type: text/plain; charset=us-ascii']);
  return `${h.text}${CRLF}${CRLF}${w.words(200)}${CRLF}${w.words(180)}${CRLF}`;
}

/** Content that would attack a terminal if shown unsanitized. */
function hostileMessage(w: Writer, date: Date): string {
  const h = w.headers(date, `\x1b[31mRED\x1b[0m \x1b]0;pwned-title\x07 invoice \u202Egpj.exe`, [
    'Content-Type: text/plain; charset=utf-8',
  ]);
  return (
    `${h.text}${CRLF}${CRLF}Normal line.${CRLF}\x1b[2J\x1b[1;1Hcleared screen${CRLF}\x1b]0;evil title\x07${CRLF}` +
    `bidi \u202Eevil\u202C end${CRLF}\x1b[32mgreen\x1b[0m${CRLF}`
  );
}

/** Broken messages seen in real archives; each must survive a backup byte for byte. */
export function brokenMessages(w: Writer, date: Date): { kind: string; raw: Buffer }[] {
  const d = date.toUTCString();
  const latin1 = Buffer.from(
    `From: broken@example.org${CRLF}Subject: bogus charset${CRLF}Content-Type: text/plain; charset="x-bogus-42"${CRLF}${CRLF}caf\xe9 cr\xe8me${CRLF}`,
    'latin1',
  );
  return [
    {
      kind: 'headers-only',
      raw: Buffer.from(`From: lonely@example.org${CRLF}Subject: headers only, no blank line${CRLF}Date: ${d}`),
    },
    {
      kind: 'truncated-multipart',
      raw: Buffer.from(
        `From: a@example.org${CRLF}Subject: truncated multipart${CRLF}Content-Type: multipart/mixed; boundary="cut"${CRLF}${CRLF}--cut${CRLF}Content-Type: text/plain${CRLF}${CRLF}start of text${CRLF}--cut${CRLF}Content-Type: application/pdf${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}JVBERi0xLjQKJ`,
      ),
    },
    {
      kind: 'missing-boundary',
      raw: Buffer.from(
        `From: a@example.org${CRLF}Subject: missing boundary${CRLF}Content-Type: multipart/mixed${CRLF}${CRLF}--x${CRLF}Content-Type: text/plain${CRLF}${CRLF}body${CRLF}--x--${CRLF}`,
      ),
    },
    {
      kind: 'invalid-base64',
      raw: Buffer.from(
        `From: a@example.org${CRLF}Subject: invalid base64${CRLF}Content-Type: text/plain${CRLF}Content-Transfer-Encoding: base64${CRLF}${CRLF}!!!not*base64@@@===${CRLF}SGVsbG8${CRLF}`,
      ),
    },
    { kind: 'bogus-charset', raw: latin1 },
    {
      kind: 'nul-bytes',
      raw: Buffer.from(
        `From: a@example.org${CRLF}Subject: NUL bytes${CRLF}${CRLF}before\0after\0\0end${CRLF}`,
        'latin1',
      ),
    },
    {
      kind: 'huge-line',
      raw: Buffer.from(`From: a@example.org${CRLF}Subject: 20000-char line${CRLF}${CRLF}${'x'.repeat(20_000)}${CRLF}`),
    },
    {
      kind: 'duplicate-headers',
      raw: Buffer.from(
        `From: one@example.org${CRLF}From: two@example.org${CRLF}Subject: first${CRLF}Subject: second${CRLF}Date: ${d}${CRLF}Date: ${d}${CRLF}${CRLF}dup${CRLF}`,
      ),
    },
    {
      kind: 'garbage-date',
      raw: Buffer.from(
        `From: a@example.org${CRLF}Subject: garbage date${CRLF}Date: yesterday-ish, around noon${CRLF}${CRLF}when?${CRLF}`,
      ),
    },
    { kind: 'hostile', raw: Buffer.from(hostileMessage(w, date)) },
    { kind: 'eight-bit-headers', raw: Buffer.from(eightBitHeaderMessage(w, date)) },
    { kind: 'long-lines', raw: Buffer.from(longLineMessage(w, date)) },
  ];
}

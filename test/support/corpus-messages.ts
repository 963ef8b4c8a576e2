// The corpus's well-formed messages: plain text, text with an HTML alternative, and text with an
// attachment, in a mix of sizes and flags.
import type { CorpusMessage } from './corpus.js';
import { CRLF, encodeWord, type Writer } from './corpus-writer.js';

function base64Lines(data: Buffer): string {
  return data.toString('base64').replace(/.{76}/g, `$&${CRLF}`);
}

function plainMessage(w: Writer, date: Date, size: number): string {
  const h = w.headers(date, w.subject(), [
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ]);
  return `${h.text}${CRLF}${CRLF}${w.paragraph(Math.max(1, Math.round(size / 60)))}${CRLF}`;
}

function alternativeMessage(w: Writer, date: Date, size: number): string {
  const boundary = `alt-${w.int(100000, 999999)}`;
  const h = w.headers(date, w.subject(), [`Content-Type: multipart/alternative; boundary="${boundary}"`]);
  const text = w.paragraph(Math.max(1, Math.round(size / 120)));
  const html =
    `<html><body><h1>${w.words(3)}</h1><p>${text.split(CRLF).join('</p>' + CRLF + '<p>')}</p>` +
    `<table><tr><td>${w.words(2)}</td><td>${w.int(1, 999)}</td></tr></table></body></html>`;
  return [
    h.text,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    `--${boundary}`,
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    html,
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

function attachmentMessage(w: Writer, date: Date, attachmentBytes: number): string {
  const boundary = `mix-${w.int(100000, 999999)}`;
  const h = w.headers(date, w.subject(), [`Content-Type: multipart/mixed; boundary="${boundary}"`]);
  const name = w.pick(['report.pdf', 'photo.jpg', 'Übersicht 2024.xlsx', 'data.bin']);
  return [
    h.text,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    w.paragraph(4),
    `--${boundary}`,
    `Content-Type: application/octet-stream; name="${encodeWord(name)}"`,
    'Content-Transfer-Encoding: base64',
    `Content-Disposition: attachment; filename="${encodeWord(name)}"`,
    '',
    base64Lines(w.bytes(attachmentBytes)),
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

const FLAG_SETS: string[][] = [
  [],
  ['\\Seen'],
  ['\\Seen'],
  ['\\Seen', '\\Answered'],
  ['\\Flagged'],
  ['\\Seen', '\\Flagged'],
  ['\\Draft'],
];

export function regularMessage(w: Writer, big: number): CorpusMessage {
  const date = w.date();
  const kind = w.int(0, 99);
  let raw: string;
  if (big > 0) raw = attachmentMessage(w, date, big);
  else if (kind < 50) raw = plainMessage(w, date, w.int(300, 6000));
  else if (kind < 85) raw = alternativeMessage(w, date, w.int(500, 8000));
  else raw = attachmentMessage(w, date, w.int(10_000, 120_000));
  return { raw: Buffer.from(raw), flags: w.pick(FLAG_SETS), internalDate: date };
}

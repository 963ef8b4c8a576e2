// A differential between the pager (mailparser, render-message.ts) and the index's own MIME walk
// (message-text.ts) over odd MIME structures: every word the index reads of a message is on its
// pager, and every word on the pager (but the lines naming attachments and the labels of an
// attached message's header lines) is read by the index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderMessageSource } from '../../src/reader/render-message.js';
import { extractMessageText } from '../../src/mail/message-text.js';
import type { RenderedMessage } from '../../src/reader/types.js';

const HEAD = 'From: Ann <ann@example.org>\nTo: bob@example.org\nSubject: differential\nMIME-Version: 1.0\n';

/** A part: its header lines, a blank line, its body. */
const part = (headers: string, body: string) => `${headers}\n\n${body}`;
const multipart = (boundary: string, parts: string[], close = true) =>
  parts.map((p) => `--${boundary}\n${p}\n`).join('') + (close ? `--${boundary}--\n` : '');
const typed = (type: string, body: string) => part(`Content-Type: ${type}`, body);
const PDF = part(
  'Content-Type: application/pdf; name="r.pdf"\nContent-Disposition: attachment; filename="r.pdf"\nContent-Transfer-Encoding: base64',
  'JVBERi0xLjQK',
);
const PNG = part('Content-Type: image/png\nContent-ID: <i1>\nContent-Transfer-Encoding: base64', 'iVBORw0KGgo=');
const inner = (word: string) => `From: cat@example.org\nTo: dog@example.org\nSubject: inner ${word}\n\nbody ${word}\n`;
const alt = (boundary: string, plain: string, html: string) =>
  typed(
    `multipart/alternative; boundary=${boundary}`,
    multipart(boundary, [typed('text/plain', plain), typed('text/html', html)]),
  );

type Case = [type: string, body: string];
const multi = (type: string, boundary: string, parts: string[]): Case => [
  `${type}; boundary=${boundary}`,
  multipart(boundary, parts),
];

const CASES: Record<string, Case> = {
  plain: ['text/plain', 'just plain aardvark\n'],
  'html only': ['text/html', '<html><body><p>only <i>html</i> badger</p></body></html>'],
  'alternative plain, html': multi('multipart/alternative', 'a', [
    typed('text/plain', 'plain cat'),
    typed('text/html', '<p>html dog</p>'),
  ]),
  'alternative html, plain': multi('multipart/alternative', 'a', [
    typed('text/html', '<p>html dog</p>'),
    typed('text/plain', 'plain cat'),
  ]),
  'mixed with alternative and pdf': multi('multipart/mixed', 'm', [alt('a', 'plain eel', '<b>html fox</b>'), PDF]),
  'mixed plain and html': multi('multipart/mixed', 'm', [
    typed('text/plain', 'plain gnu'),
    typed('text/html', '<p>html hare</p>'),
  ]),
  'related html and image': multi('multipart/related', 'r', [
    typed('text/html', '<p>related ibis <img src="cid:i1"></p>'),
    PNG,
  ]),
  'alternative of plain and related': multi('multipart/alternative', 'a', [
    typed('text/plain', 'plain jay'),
    typed('multipart/related; boundary=r', multipart('r', [typed('text/html', '<p>html kudu</p>'), PNG])),
  ]),
  'mixed of alternative and an inline note': multi('multipart/mixed', 'm', [
    alt('a', 'plain lemur', '<p>html mole</p>'),
    typed('text/plain', 'note newt'),
  ]),
  'mixed three deep': multi('multipart/mixed', 'm1', [
    typed(
      'multipart/mixed; boundary=m2',
      multipart('m2', [typed('multipart/mixed; boundary=m3', multipart('m3', [typed('text/plain', 'deep owl')]))]),
    ),
    typed('text/plain', 'shallow puma'),
  ]),
  'digest of bare messages': multi('multipart/digest', 'd', [`\n${inner('quail')}`, `\n${inner('raven')}`]),
  'digest with a plain part': multi('multipart/digest', 'd', [
    typed('text/plain', 'table of contents seal'),
    `\n${inner('tapir')}`,
  ]),
  'signed plain': multi('multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256', 's', [
    typed('text/plain', 'signed urchin'),
    typed(
      'application/pgp-signature; name="signature.asc"',
      '-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----',
    ),
  ]),
  'signed mixed': multi('multipart/signed; protocol="application/pgp-signature"', 's', [
    typed('multipart/mixed; boundary=m', multipart('m', [typed('text/plain', 'signed vole'), PDF])),
    typed('application/pgp-signature', '-----BEGIN PGP SIGNATURE-----\nabc\n-----END PGP SIGNATURE-----'),
  ]),
  encrypted: multi('multipart/encrypted; protocol="application/pgp-encrypted"', 'e', [
    typed('application/pgp-encrypted', 'Version: 1'),
    typed(
      'application/octet-stream; name="encrypted.asc"',
      '-----BEGIN PGP MESSAGE-----\nhQEMA\n-----END PGP MESSAGE-----',
    ),
  ]),
  'alternative with a calendar': multi('multipart/alternative', 'a', [
    typed('text/plain', 'invite walrus'),
    typed('text/calendar; method=REQUEST', 'BEGIN:VCALENDAR\nSUMMARY:yak\nEND:VCALENDAR'),
  ]),
  'mixed with an attached calendar': multi('multipart/mixed', 'm', [
    typed('text/plain', 'invite zebra'),
    part(
      'Content-Type: text/calendar\nContent-Disposition: attachment; filename="invite.ics"',
      'BEGIN:VCALENDAR\nSUMMARY:hidden\nEND:VCALENDAR',
    ),
  ]),
  'multipart without a boundary': ['multipart/mixed', '--x\nContent-Type: text/plain\n\nraw albatross\n--x--\n'],
  'boundary that never comes': [
    'multipart/mixed; boundary=never',
    '--x\nContent-Type: text/plain\n\nraw bison\n--x--\n',
  ],
  "nested multipart with its parent's boundary": multi('multipart/mixed', 'b', [
    typed('multipart/alternative; boundary=b', multipart('b', [typed('text/plain', 'dup camel')])),
    typed('text/plain', 'after dingo'),
  ]),
  'boundary prefix inside quoted-printable text': multi('multipart/mixed', 'b', [
    part(
      'Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable',
      'first egret\n--bogus line falcon\nsoft =\nbreak gecko',
    ),
    typed('text/plain', 'second heron'),
  ]),
  'encoded boundary inside quoted-printable text': multi('multipart/mixed', 'b', [
    part('Content-Type: text/plain\nContent-Transfer-Encoding: quoted-printable', 'one iguana\n=2D=2Db\njackal'),
    typed('text/plain', 'two koala'),
  ]),
  'inline attached message': multi('multipart/mixed', 'm', [
    typed('text/plain', 'see llama'),
    part('Content-Type: message/rfc822\nContent-Disposition: inline', inner('marmot')),
  ]),
  'attached message': multi('multipart/mixed', 'm', [
    typed('text/plain', 'see narwhal'),
    part(
      'Content-Type: message/rfc822; name="fwd.eml"\nContent-Disposition: attachment; filename="fwd.eml"',
      inner('ocelot'),
    ),
  ]),
  'text with a boundary parameter': ['text/plain; boundary=b', '--b\nContent-Type: text/plain\n\nparrot\n--b--\n'],
  'multipart without a subtype': multi('multipart', 'b', [typed('text/plain', 'quokka'), typed('text/plain', 'rhea')]),
  'alternative of unknown text and plain': multi('multipart/alternative', 'a', [
    typed('text/x-foo', 'foo skunk'),
    typed('text/plain', 'plain toucan'),
  ]),
  'mixed with enriched': multi('multipart/mixed', 'm', [
    typed('text/enriched', '<bold>bold</bold> uakari'),
    typed('text/plain', 'viper'),
  ]),
  'delivery report': multi('multipart/report; report-type=delivery-status', 'r', [
    typed('text/plain', 'could not deliver wren'),
    typed(
      'message/delivery-status',
      'Reporting-MTA: dns; mx.example.org\n\nFinal-Recipient: rfc822; xerus@example.org\nAction: failed',
    ),
    typed('text/rfc822-headers', 'From: yeti@example.org\nSubject: lost'),
  ]),
  'empty multipart': ['multipart/mixed; boundary=m', '--m--\n'],
  'preamble and epilogue': [
    'multipart/mixed; boundary=m',
    `this is a preamble zorilla\n${multipart('m', [typed('text/plain', 'amid addax')])}epilogue bongo\n`,
  ],
  'nested alternatives': multi('multipart/alternative', 'a1', [
    typed(
      'multipart/alternative; boundary=a2',
      multipart('a2', [typed('text/plain', 'inner cobra'), typed('text/html', '<p>inner drongo</p>')]),
    ),
    typed('text/html', '<p>outer eland</p>'),
  ]),
};

/** The pager labels an attached message's From, To and Subject, the index reads them bare. */
const LABELS = new Set(['from', 'to', 'subject']);

function words(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => !LABELS.has(word)));
}

/**
 * The pager's body less the lines naming attachments and the dates of attached messages (the index
 * reads neither); of a message shown raw, its body only.
 */
function pagerText({ bodyLines, notice }: RenderedMessage): string {
  const lines = notice?.endsWith('raw') ? bodyLines.slice(bodyLines.indexOf('') + 1) : bodyLines;
  return lines.filter((line) => !/^\[-- .* --\]$/.test(line) && !line.startsWith('Date: ')).join('\n');
}

/**
 * Left as they are: mailsplit splits a part of any type by a boundary parameter, and the pager shows
 * the parts of this text/plain one, which the index (as mutt and notmuch) reads as the text it is;
 * where a nested multipart reuses its parent's boundary, the index ends the parent at the inner
 * closing line, mailsplit goes on with the parent's parts after it.
 */
const KNOWN = ['text with a boundary parameter', "nested multipart with its parent's boundary"];

test('every word the index reads of a message is on its pager, and every word on the pager is indexed', async () => {
  const disagreements: string[] = [];
  for (const [name, [type, body]] of Object.entries(CASES)) {
    for (const eol of ['\n', '\r\n']) {
      const raw = Buffer.from(`${HEAD}Content-Type: ${type}\n\n${body}`.replace(/\r?\n/g, eol));
      const indexed = words(extractMessageText(raw).body);
      const shown = words(pagerText(await renderMessageSource(raw)));
      const onlyIndexed = [...indexed].filter((w) => !shown.has(w));
      const onlyShown = [...shown].filter((w) => !indexed.has(w));
      if (onlyIndexed.length || onlyShown.length)
        disagreements.push(`${name}: index only [${onlyIndexed.join(' ')}], pager only [${onlyShown.join(' ')}]`);
    }
  }
  const found = (name: string) => disagreements.filter((d) => d.startsWith(`${name}:`));
  assert.deepEqual(
    disagreements.filter((d) => !KNOWN.some((name) => found(name).includes(d))),
    [],
  );
  for (const name of KNOWN) assert.equal(found(name).length, 2, `${name} still disagrees, with either line end`);
});

test("the differential's digests: each untyped part is shown as an attached message, headers as headers", async () => {
  for (const name of ['digest of bare messages', 'digest with a plain part']) {
    const [type, body] = CASES[name]!;
    const raw = Buffer.from(`${HEAD}Content-Type: ${type}\n\n${body}`);
    const { bodyLines, attachments } = await renderMessageSource(raw);
    const headed = bodyLines.flatMap((line, at) => (/^\[-- attachment/.test(line) ? [bodyLines[at + 1]] : []));
    assert.deepEqual(headed, Array(attachments.length).fill('From: cat@example.org'), name);
    assert.ok(attachments.length && attachments.every((a) => a.type === 'message/rfc822'), name);
    assert.equal(extractMessageText(raw).attachmentCount, attachments.length, name);
  }
});

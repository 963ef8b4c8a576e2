// Deterministic fixture mail (same preset + seed → same bytes): realistic messages, folder trees
// with non-ASCII and awkward names, and the broken messages real archives contain.
import { createHash } from 'node:crypto';

export interface CorpusMessage {
  raw: Buffer;
  flags: string[];
  internalDate: Date;
}

export interface CorpusFolder {
  /** UTF-8, '/'-separated, e.g. 'Archive/Zürich'. */
  name: string;
  messages: CorpusMessage[];
}

export interface Corpus {
  folders: CorpusFolder[];
}

export type CorpusPreset = 'tiny' | 'small' | 'large';

/** mulberry32: small, fast, good enough for fixtures. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the backup server mailbox quarterly report meeting invoice project draft review budget ' +
  'schedule tomorrow please attached notes lunch team release build deploy ticket customer ' +
  'thanks regards update status plan design travel hotel flight agenda minutes follow up ' +
  'question answer proposal contract signed copy archive photo family weekend garden train ' +
  'coffee document version change request approval deadline friday monday office remote'
).split(' ');

const PEOPLE: [string, string][] = [
  ['Alice Example', 'alice@example.org'],
  ['Bob Builder', 'bob@builder.example'],
  ['Zoë Ångström', 'zoe@example.se'],
  ['Jürgen Müller', 'juergen@example.de'],
  ['李雷', 'li.lei@example.cn'],
  ['', 'noreply@service.example'],
  ['Carol "CJ" Jones', 'carol@example.com'],
  ['Мария Иванова', 'maria@example.ru'],
];

const CRLF = '\r\n';

class Writer {
  private readonly rand: () => number;
  private counter = 0;
  private readonly ids: string[] = [];

  constructor(seed: number) {
    this.rand = prng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.rand() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  words(n: number): string {
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(this.pick(WORDS));
    return out.join(' ');
  }

  paragraph(lines: number): string {
    const out: string[] = [];
    for (let i = 0; i < lines; i++) out.push(this.words(this.int(6, 12)));
    return out.join(CRLF);
  }

  bytes(n: number): Buffer {
    const buf = Buffer.allocUnsafe(n);
    let x = Math.floor(this.rand() * 0xffffffff) >>> 0;
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      buf[i] = x & 0xff;
    }
    return buf;
  }

  date(): Date {
    return new Date(Date.UTC(2019, 0, 1) + this.int(0, 6 * 365 * 24 * 3600) * 1000);
  }

  address(): string {
    const [name, addr] = this.pick(PEOPLE);
    if (!name) return addr;
    return /[^\x20-\x7e]/.test(name) ? `${encodeWord(name)} <${addr}>` : `"${name.replace(/"/g, '\\"')}" <${addr}>`;
  }

  /** Headers shared by well-formed messages; a reply threads onto an earlier message. */
  headers(date: Date, subject: string, extra: string[] = []): { text: string; id: string } {
    const id = `<${++this.counter}.${this.int(1000, 9999)}@corpus.example>`;
    const lines = [
      `Return-Path: <${this.pick(PEOPLE)[1]}>`,
      `From: ${this.address()}`,
      `To: ${this.address()}`,
      `Subject: ${subject}`,
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-ID: ${id}`,
    ];
    if (this.ids.length && this.rand() < 0.3) {
      const parent = this.pick(this.ids);
      lines.push(`In-Reply-To: ${parent}`, `References: ${parent}`);
    }
    this.ids.push(id);
    if (this.ids.length > 50) this.ids.shift();
    lines.push('MIME-Version: 1.0', ...extra);
    return { text: lines.join(CRLF), id };
  }

  subject(): string {
    const kind = this.int(0, 9);
    const base = this.words(this.int(2, 6));
    if (kind === 0) return encodeWord(`Grüße: ${base} ✓`);
    if (kind === 1) return `=?ISO-8859-1?Q?R=E9union_${base.replace(/ /g, '_')}?=`;
    if (kind === 2) return `Re: ${base}`;
    return base;
  }
}

function encodeWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

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
function brokenMessages(w: Writer, date: Date): { kind: string; raw: Buffer }[] {
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

const FLAG_SETS: string[][] = [
  [],
  ['\\Seen'],
  ['\\Seen'],
  ['\\Seen', '\\Answered'],
  ['\\Flagged'],
  ['\\Seen', '\\Flagged'],
  ['\\Draft'],
];

function regularMessage(w: Writer, big: number): CorpusMessage {
  const date = w.date();
  const kind = w.int(0, 99);
  let raw: string;
  if (big > 0) raw = attachmentMessage(w, date, big);
  else if (kind < 50) raw = plainMessage(w, date, w.int(300, 6000));
  else if (kind < 85) raw = alternativeMessage(w, date, w.int(500, 8000));
  else raw = attachmentMessage(w, date, w.int(10_000, 120_000));
  return { raw: Buffer.from(raw), flags: w.pick(FLAG_SETS), internalDate: date };
}

interface PresetShape {
  folders: string[];
  messages: number;
  /** Sizes of a few big attachment messages, spread over the folders. */
  bigAttachments: number[];
}

const MB = 1024 * 1024;

const TINY_FOLDERS = [
  'INBOX',
  'Archive/2024',
  'Archive/Zürich',
  'Work & Play',
  'Sent Items',
  'Empty',
  'Überweisungen/Belege',
];

function shape(preset: CorpusPreset): PresetShape {
  if (preset === 'tiny') return { folders: TINY_FOLDERS, messages: 48, bigAttachments: [] };
  if (preset === 'small') {
    return {
      folders: [...TINY_FOLDERS, 'Lists/node', 'Lists/debian/devel', 'Receipts', 'Drafts', '[Gmail]/All Mail', 'Café'],
      messages: 2400,
      bigAttachments: [3 * MB, 5 * MB],
    };
  }
  const folders = [...TINY_FOLDERS];
  const tops = ['Projects', 'Clients', 'Lists', 'Years', 'Reisen', 'Équipe'];
  for (let i = 0; folders.length < 200; i++) {
    const top = tops[i % tops.length]!;
    folders.push(i % 3 === 0 ? `${top}/sub ${i}/leaf-${i}` : `${top}/folder-${i}`);
  }
  return { folders, messages: 40_000, bigAttachments: [20 * MB, 45 * MB, 100 * MB] };
}

export function generateCorpus(preset: CorpusPreset, seed = 1): Corpus {
  const w = new Writer(seed);
  const s = shape(preset);
  const folders: CorpusFolder[] = s.folders.map((name) => ({ name, messages: [] }));
  const fillable = folders.filter((f) => f.name !== 'Empty');
  // Every broken message goes into INBOX so the smallest test sees each of them.
  for (const b of brokenMessages(w, w.date())) {
    folders[0]!.messages.push({ raw: b.raw, flags: [], internalDate: w.date() });
  }
  // Every other folder gets at least one message; the rest spreads below.
  for (const folder of fillable.slice(1)) folder.messages.push(regularMessage(w, 0));
  const big = [...s.bigAttachments];
  // Skewed spread: the first folders get most of the mail, like real accounts.
  for (let i = 0; i < s.messages; i++) {
    const r = w.int(0, 99);
    const folder = r < 40 ? fillable[0]! : r < 60 ? fillable[Math.min(1, fillable.length - 1)]! : w.pick(fillable);
    const bigSize =
      big.length && i % Math.floor(s.messages / (s.bigAttachments.length + 1)) === 0 && i > 0 ? big.shift()! : 0;
    folder.messages.push(regularMessage(w, bigSize));
  }
  return { folders };
}

/**
 * One big folder, message by message (a 100,000-message folder does not fit in memory at once):
 * the broken messages first, then `count` regular ones (the large corpus's mix of sizes).
 */
export function* folderMessages(count: number, seed = 1): Generator<CorpusMessage> {
  const w = new Writer(seed);
  for (const b of brokenMessages(w, w.date())) yield { raw: b.raw, flags: [], internalDate: w.date() };
  for (let i = 0; i < count; i++) yield regularMessage(w, 0);
}

/** Gmail's folders: labels, plus the `[Gmail]/…` ones the personality marks with special-use flags. */
export const GMAIL_FOLDERS = {
  all: '[Gmail]/All Mail',
  sent: '[Gmail]/Sent Mail',
  trash: '[Gmail]/Trash',
  junk: '[Gmail]/Spam',
  labels: [
    'INBOX',
    'Work',
    'Family',
    'Receipts',
    'Travel',
    'Lists/node',
    'Projects/Zürich',
    '[Gmail]/Sent Mail',
    '[Gmail]/Starred',
  ],
} as const;

/**
 * A Gmail account: each message sits in 1–4 label folders (2.5 on average) and in All Mail, the
 * same object in each (loadCorpus gives it one file name, so Dovecot gives it one X-GUID). Trash
 * and Spam hold a few messages of their own, in no other folder, as on Gmail.
 */
export function generateGmailCorpus(messages: number, seed = 1): Corpus {
  const w = new Writer(seed);
  const folders = new Map<string, CorpusFolder>();
  const folder = (name: string) => {
    if (!folders.has(name)) folders.set(name, { name, messages: [] });
    return folders.get(name)!;
  };
  for (const name of [...GMAIL_FOLDERS.labels, GMAIL_FOLDERS.all, GMAIL_FOLDERS.trash, GMAIL_FOLDERS.junk])
    folder(name);
  for (const b of brokenMessages(w, w.date())) {
    const message = { raw: b.raw, flags: [], internalDate: w.date() };
    folder('INBOX').messages.push(message);
    folder(GMAIL_FOLDERS.all).messages.push(message);
  }
  for (let i = 0; i < messages; i++) {
    const message = regularMessage(w, 0);
    const labels = new Set<string>();
    for (let want = w.int(1, 4); labels.size < want;) labels.add(w.pick(GMAIL_FOLDERS.labels));
    for (const label of [...labels, GMAIL_FOLDERS.all]) folder(label).messages.push(message);
  }
  for (const name of [GMAIL_FOLDERS.trash, GMAIL_FOLDERS.junk]) {
    for (let i = 0; i < 3; i++) folder(name).messages.push(regularMessage(w, 0));
  }
  return { folders: [...folders.values()] };
}

/** sha256 over every folder name and message, for determinism checks. */
export function corpusDigest(corpus: Corpus): string {
  const hash = createHash('sha256');
  for (const folder of corpus.folders) {
    hash.update(`${folder.name}\n`);
    for (const m of folder.messages) {
      hash.update(m.raw);
      hash.update(`${m.flags.join(' ')}|${m.internalDate.toISOString()}\n`);
    }
  }
  return hash.digest('hex');
}

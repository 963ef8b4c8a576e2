// The corpus's seeded source of message parts: words, people, dates, subjects, headers that
// thread replies onto earlier messages, random bytes for attachments.
import { prng } from './prng.js';

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

export const CRLF = '\r\n';

export class Writer {
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

export function encodeWord(text: string): string {
  return `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
}

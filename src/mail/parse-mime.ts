// A whole message through mailparser, its text parts decoded by the index's decoder (PartDecoder)
// in every charset, UTF-7 included: mailparser refuses UTF-7 before its Iconv option is asked, so
// simpleParser left a UTF-7 body encoded ('Hi +AGEAYgBj-' for 'Hi abc'). Mutt decodes it, and here
// decoded text only reaches the search index or a sanitized terminal.
import type { Readable } from 'node:stream';
import { MailParser, type Attachment, type HeaderLines, type MailParserOptions } from 'mailparser';
import { PartDecoder } from './part-decoder.js';

export interface ParsedMime {
  text?: string;
  html?: string;
  attachments: Attachment[];
  headerLines: HeaderLines;
}

// getDecoder is mailparser's internal (not in its types, dist/esm/mail-parser.js 3.x): should an
// upgrade stop calling it, render-message.test.ts's 'a text part in UTF-7…' test fails.
class EveryCharsetParser extends MailParser {
  /** Called by MailParser's constructor: the decoder of every text part's charset. */
  getDecoder(): { decodeStream(charset: string): PartDecoder } {
    return { decodeStream: (charset) => new PartDecoder(charset) };
  }

  /**
   * mailparser's internal too: it decodes a text part in UTF-8 or ASCII (named, or no charset)
   * itself, a stray Latin-1 byte as U+FFFD. Named as no charset known here, such a part goes
   * through PartDecoder, which reads that byte as Windows-1252, as search does.
   */
  createNode(node: unknown): MailNode {
    const created = (MailParser.prototype as unknown as Internals).createNode.call(this, node);
    if (!created.isAttachment && isUtf8Label(created.charset)) created.charset = STRAY_BYTES_UTF8;
    return created;
  }
}

interface Internals {
  createNode(node: unknown): MailNode;
}

interface MailNode {
  charset?: string;
  isAttachment?: boolean;
}

const STRAY_BYTES_UTF8 = 'x-utf-8-with-stray-bytes';

/** The labels mailparser decodes without asking getDecoder (dist/esm/mail-parser.js, 'usascii', 'utf8'). */
function isUtf8Label(charset: string | undefined): boolean {
  return ['', 'ascii', 'usascii', 'utf8'].includes((charset ?? '').toLowerCase().replace(/[^a-z0-9]+/g, ''));
}

export async function parseMime(buf: Buffer, options: MailParserOptions): Promise<ParsedMime> {
  const parser = new EveryCharsetParser(options);
  parser.end(buf);
  const mail: ParsedMime = { attachments: [], headerLines: [] };
  for await (const data of parser as AsyncIterable<ReturnType<MailParser['read']>>) {
    if (!data) continue;
    if (data.type === 'text') {
      if (data.text) mail.text = data.text;
      if (data.html) mail.html = data.html;
      continue;
    }
    const content = await readAll(data.content);
    data.release?.();
    mail.attachments.push({ ...data, content, release: null, checksum: data.checksum ?? '', size: content.length });
  }
  return { ...mail, headerLines: parser.headerLines || [] };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

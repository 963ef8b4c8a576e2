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

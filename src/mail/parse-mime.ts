// A whole message through mailparser, each text part it shows decoded by the index's decoder
// (PartDecoder): transfer encoding, charset and format=flowed are read as search reads them, so the
// pager shows the words search finds. mailparser refused UTF-7 ('Hi +AGEAYgBj-' for 'Hi abc'), read
// a stray Latin-1 byte in UTF-8 as U+FFFD, and decoded a list footer after base64 padding as junk.
// Decoded text only reaches the search index or a sanitized terminal.
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { MailParser, type Attachment, type HeaderLines, type MailParserOptions } from 'mailparser';
import { PartDecoder } from './part-decoder.js';
import { isShownAsText, partMime } from './shown-as-text.js';
import { showChosenText, type HtmlCut, type TextNode } from './shown-text.js';

export interface ParsedMime {
  /**
   * The text shown, cut where each attached message that is listed as an attachment stands (one
   * piece more than such messages, isAttachedMessage): mailparser joins the text parts without
   * them, so the pager could only show them after all the text.
   */
  textPieces: string[];
  /** Set where an HTML part was longer than `htmlChars` and only its start was read. */
  htmlCut?: HtmlCut;
  attachments: Attachment[];
  headerLines: HeaderLines;
}

// createNode is mailparser's internal (not in its types, dist/esm/mail-parser.js 3.x): should an
// upgrade stop calling it, render-message.test.ts's 'a text part in UTF-7…' test fails.
class IndexDecodingParser extends MailParser {
  /** Stands in mailparser's text for a listed attached message: random, so no text holds it. */
  readonly attachedMessageMark = `mailkeepattachedmessage${randomUUID().replaceAll('-', '')}`;
  htmlCut?: HtmlCut;

  constructor(
    options: MailParserOptions,
    private readonly htmlChars: number,
  ) {
    super(options);
  }

  /** Called once the whole tree is read: mailparser joins the text shown, chosen first (shown-text.ts). */
  getTextContent(): unknown {
    const tree = (this as unknown as { tree?: MailNode }).tree;
    if (tree) this.htmlCut = showChosenText(tree, this.htmlChars);
    return (MailParser.prototype as unknown as Internals).getTextContent.call(this);
  }

  /**
   * Called for every part as its headers end; whether a part is text or an attachment is decided
   * by isShownAsText, as the index decides it. A part shown as text gets PartDecoder in place of
   * its transfer, flowed and charset decoders: it is labelled UTF-8 and not flowed, which
   * mailparser passes through.
   */
  createNode(node: SplitNode): MailNode {
    // A multipart without a subtype is mixed (RFC 2046 5.1.7), as the index and mutt read it:
    // mailsplit split it by its boundary, but mailparser also listed it as an empty attachment.
    if (node.contentType && /^multipart\/?$/.test(node.contentType)) node.contentType = 'multipart/mixed';
    // A digest's part without a type is an attached message (RFC 2046 5.1.5), as the index and mutt
    // read it: mailsplit read it as text/plain, so it is listed whole, as one not marked inline.
    const untypedInDigest =
      node.parentNode?.contentType === 'multipart/digest' && !node.headers.getFirst('content-type');
    const declared = untypedInDigest ? 'message/rfc822' : node.headers.getFirst('content-type');
    if (untypedInDigest) node.contentType = declared;
    const created = (MailParser.prototype as unknown as Internals).createNode.call(this, node);
    if (untypedInDigest) created.headers.set('content-type', { value: declared, params: {} });
    if (created.decoder) {
      const mime = partMime(declared, node.filename || undefined);
      created.readAs = mime;
      created.isAttachment = !isShownAsText(mime, node.disposition || undefined);
      // mailparser shows text/plain, text/html and delivery status: other text is shown as plain.
      const shownAs = ['text/html', 'message/delivery-status'].includes(mime) ? mime : 'text/plain';
      if (!created.isAttachment) Object.assign(created, { disposition: 'inline', contentType: shownAs });
    }
    // One inline and not transfer-encoded is read inside by mailsplit: mailparser shows it in place.
    if (created.isAttachment && !node.messageNode && isAttachedMessage(created.headers)) {
      const mark = {
        contentType: 'text/plain',
        textContent: this.attachedMessageMark,
        headers: new Map(),
        children: [],
      };
      created.children.push(mark);
    }
    if (created.decoder && !created.isAttachment) {
      const decoder = new PartDecoder(node.encoding || undefined, declared);
      decoder.on('end', () => {
        (this as unknown as { decoderEnded: boolean }).decoderEnded = true;
      });
      created.decoder = decoder;
      created.charset = 'utf-8';
      node.flowed = false;
    }
    return created;
  }
}

/** Declared message/rfc822 (mailparser also types an octet-stream part so by its '.eml' name). */
export function isAttachedMessage(headers: Attachment['headers']): boolean {
  const declared = headers.get('content-type') as { value?: string } | undefined;
  return declared?.value?.toLowerCase() === 'message/rfc822';
}

interface Internals {
  createNode(node: SplitNode): MailNode;
  getTextContent(): unknown;
}

/** What mailparser's createNode reads of mailsplit's node. */
interface SplitNode {
  contentType: string | false;
  parentNode?: { contentType: string | false };
  messageNode?: boolean;
  disposition: string | false;
  filename: string | false;
  encoding: string | false;
  flowed: boolean;
  headers: { getFirst(name: string): string };
}

interface MailNode extends TextNode {
  headers: Attachment['headers'];
  children: MailNode[];
  charset?: string;
  decoder?: PartDecoder;
}

/** `htmlChars`: how much of each HTML part is turned into text. */
export async function parseMime(buf: Buffer, options: MailParserOptions, htmlChars: number): Promise<ParsedMime> {
  const parser = new IndexDecodingParser(options, htmlChars);
  parser.end(buf);
  const mail: ParsedMime = { textPieces: [''], attachments: [], headerLines: [] };
  for await (const data of parser as AsyncIterable<ReturnType<MailParser['read']>>) {
    if (!data) continue;
    if (data.type === 'text') {
      // mailparser joins the parts with a line feed, after the mark too.
      if (data.text)
        mail.textPieces = data.text.split(parser.attachedMessageMark).map((p, i) => (i ? p.replace(/^\n/, '') : p));
      continue;
    }
    const content = await readAll(data.content);
    data.release?.();
    mail.attachments.push({ ...data, content, release: null, checksum: data.checksum ?? '', size: content.length });
  }
  return { ...mail, htmlCut: parser.htmlCut, headerLines: parser.headerLines || [] };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

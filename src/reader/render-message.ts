// A message file → what the pager shows. Parsing is bounded: files above FULL_PARSE_BYTES, parses
// that fail or run past the timeout, and messages with too many parts are shown as raw text.
import { open } from 'node:fs/promises';
import { fsPath } from '../files/byte-names.js';
import type { Attachment } from 'mailparser';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { formatBytes } from '../text/format-bytes.js';
import { parseMime, type ParsedMime } from '../mail/parse-mime.js';
import type { HtmlCut } from '../mail/shown-text.js';
import { decodeBytes } from '../mail/decode-bytes.js';
import { parseContentType } from '../mail/mime-parts.js';
import {
  decodeAddressHeader,
  decodeHeaderBlock,
  headerBlock,
  parseHeaderLines,
  splitHeadBody,
  summarizeHeaders,
  unfoldHeaderLines,
  withLineFeeds,
} from '../mail/parse-headers.js';
import { attachedMessageBlocks, interleaveAttachedMessages, MAX_ATTACHED_DEPTH } from './attached-messages.js';
import type { RenderedMessage } from './types.js';

export interface RenderLimits {
  /** Larger files are not MIME-parsed: the head is shown raw. */
  fullParseBytes: number;
  /** How much of a file is shown when it is shown raw. */
  rawBytes: number;
  timeoutMs: number;
  maxParts: number;
  /** A message of more lines is not MIME-parsed either: mailparser takes ~1 µs a line. */
  maxLines: number;
  /** Characters of an HTML body turned into text: html-to-text takes seconds over megabytes. */
  htmlChars: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  fullParseBytes: 20 * 1024 * 1024,
  rawBytes: 1024 * 1024,
  timeoutMs: 5000,
  maxParts: 500,
  maxLines: 500_000,
  htmlChars: 512 * 1024,
};

export async function renderMessageFile(path: string, limits = DEFAULT_RENDER_LIMITS): Promise<RenderedMessage> {
  const { buf, size } = await readMessageFile(path, limits);
  if (size > limits.fullParseBytes) {
    return renderRaw(buf, `message is ${formatBytes(size)}: showing the first ${formatBytes(limits.rawBytes)} raw`);
  }
  return renderMessageSource(buf, limits);
}

/** `depth`: how many attached messages this one is inside. */
export async function renderMessageSource(
  source: Buffer,
  limits = DEFAULT_RENDER_LIMITS,
  depth = 0,
): Promise<RenderedMessage> {
  const buf = withLineFeeds(source);
  if (hasMoreLines(buf, limits.maxLines)) {
    const shown = formatBytes(Math.min(buf.length, limits.rawBytes));
    return renderRaw(
      buf.subarray(0, limits.rawBytes),
      `message has over ${limits.maxLines} lines: showing the first ${shown} raw`,
    );
  }
  let parsed: ParsedMime;
  try {
    parsed = await parseBounded(buf, limits);
  } catch (err) {
    return renderRaw(
      buf.subarray(0, limits.rawBytes),
      `could not parse this message (${oneLine(err)}): showing it raw`,
    );
  }
  const rawHeaderLines = headerLinesOf(buf);
  const text = parsed.textPieces.join('');
  const notice = isEncrypted(rawHeaderLines)
    ? 'this message is encrypted (multipart/encrypted): it has no text to show'
    : parsed.htmlCut && htmlCutNotice(parsed.htmlCut);
  const malformed = !parsed.headerLines.length || rawHeaderLines.some((l) => !/^[!-9;-~]+:/.test(l));
  if (!text && !parsed.attachments.length && malformed) {
    return renderRaw(buf.subarray(0, limits.rawBytes), 'malformed headers: showing the message raw');
  }
  // A multipart without a boundary, or whose boundary never comes, has no parts: its text is the body.
  if (!text && !parsed.attachments.length && splitHeadBody(buf).body.some((byte) => byte > 0x20)) {
    return renderRaw(buf.subarray(0, limits.rawBytes), 'no part of this message could be read: showing it raw');
  }
  const attachments = parsed.attachments.map((a, index) => ({
    index,
    name: clean(a.filename ?? `attachment-${index + 1}`),
    type: clean(a.contentType || 'application/octet-stream'),
    size: a.size,
  }));
  const attached =
    depth < MAX_ATTACHED_DEPTH
      ? await attachedMessageBlocks(parsed.attachments, attachments, (raw) =>
          renderMessageSource(raw, limits, depth + 1),
        )
      : [];
  return {
    headers: headerFields(rawHeaderLines),
    bodyLines: interleaveAttachedMessages(parsed.textPieces.map(toLines), attached),
    attachments,
    rawHeaderLines,
    notice,
  };
}

/** Its parts are a version line and the ciphertext: listed as attachments, no text to read. */
function isEncrypted(rawHeaderLines: string[]): boolean {
  const contentType = parseHeaderLines(rawHeaderLines).get('content-type')?.[0];
  return parseContentType(contentType).mime === 'multipart/encrypted';
}

function htmlCutNotice(cut: HtmlCut): string {
  return `the HTML of this message is ${formatBytes(cut.bytes)}: showing the text of its first ${formatBytes(cut.shownBytes)}`;
}

/** The decoded bytes of one attachment, for saving. */
export async function readAttachment(path: string, index: number, limits = DEFAULT_RENDER_LIMITS): Promise<Attachment> {
  const { buf, size } = await readMessageFile(path, limits);
  if (size > limits.fullParseBytes)
    throw new Error(`message is ${formatBytes(size)}, too large to extract attachments from`);
  const attachment = (await parseBounded(buf, limits)).attachments[index];
  if (!attachment) throw new Error(`no attachment number ${index + 1}`);
  return attachment;
}

/** Plain text of a message body, for ~b searches. */
export async function messageBodyText(path: string, limits = DEFAULT_RENDER_LIMITS): Promise<string> {
  return (await renderMessageFile(path, limits)).bodyLines.join('\n');
}

function parseBounded(buf: Buffer, limits: RenderLimits): Promise<ParsedMime> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`parsing took over ${limits.timeoutMs} ms`)), limits.timeoutMs);
  });
  const parse = parseMime(
    buf,
    {
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      maxChildNodes: limits.maxParts,
      maxHtmlLengthToParse: limits.fullParseBytes,
    },
    limits.htmlChars,
  );
  return Promise.race([parse, timeout]).finally(() => clearTimeout(timer));
}

function hasMoreLines(buf: Buffer, maxLines: number): boolean {
  let lines = 0;
  for (let at = 0; at < buf.length; at++) {
    if (buf[at] === 0x0a && ++lines > maxLines) return true;
  }
  return false;
}

function renderRaw(buf: Buffer, notice: string): RenderedMessage {
  const rawHeaderLines = headerLinesOf(buf);
  return {
    headers: headerFields(rawHeaderLines),
    bodyLines: toLines(decodeBytes(buf)),
    attachments: [],
    rawHeaderLines,
    notice,
  };
}

function headerLinesOf(buf: Buffer): string[] {
  return unfoldHeaderLines(decodeHeaderBlock(headerBlock(buf))).map((l) => clean(l));
}

/**
 * Decoded as the index row is, not by mailparser: its address parser keeps what follows a raw ESC
 * ('[31mRed[0m'), and it reads 8-bit header bytes as UTF-8 only (Latin-1 'Jürgen' showed 'J�rgen').
 */
function headerFields(rawHeaderLines: string[]): RenderedMessage['headers'] {
  const headers = parseHeaderLines(rawHeaderLines);
  const summary = summarizeHeaders(headers);
  return {
    from: summary.from,
    to: summary.to,
    cc: decodeAddressHeader(headers.get('cc')),
    date: headers.get('date')?.[0] ?? '',
    subject: summary.subject,
  };
}

function toLines(text: string): string[] {
  const lines = sanitizeForTerminal(text, { keepNewlines: true }).split('\n');
  while (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function clean(value: string): string {
  return sanitizeForTerminal(value);
}

function oneLine(err: unknown): string {
  return clean(err instanceof Error ? err.message : String(err)).slice(0, 120);
}

/** All of a file that may be parsed; of a bigger one only the head shown raw (a 2 GB message costs 1 MB). */
async function readMessageFile(path: string, limits: RenderLimits): Promise<{ buf: Buffer; size: number }> {
  const handle = await open(fsPath(path), 'r');
  try {
    const { size } = await handle.stat();
    const buf = Buffer.alloc(size > limits.fullParseBytes ? Math.min(size, limits.rawBytes) : size);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return { buf: buf.subarray(0, bytesRead), size };
  } finally {
    await handle.close();
  }
}

// A message's searchable text without a full MIME parse: its headers, the decoded text of its
// text parts (HTML ones only where no plain alternative exists) and its attachments' names.
// About ten times faster than mailparser on real mail, which is what lets the archive index keep
// up with a sync. Bounded: parts, nesting and text length are capped.
import libmime from 'libmime';
import { chosenAlternatives, hasText } from './alternative-choice.js';
import { htmlToText } from './html-text.js';
import { readTextPart } from './read-text-part.js';
import { isShownAsText, partMime } from './shown-as-text.js';
import {
  decodeTransferEncoding,
  headerParams,
  parseContentType,
  splitMultipart,
  type ContentType,
} from './mime-parts.js';
import {
  decodeHeaderBlock,
  parseHeaderLines,
  summarizeHeaders,
  unfoldHeaderLines,
  decodeAddressHeader,
  splitHeadBody,
  withLineFeeds,
  type HeaderMap,
  type HeaderSummary,
} from './parse-headers.js';

export interface MessageText extends HeaderSummary {
  cc: string;
  /** Blind copies (a sent message's own copy names them): searched with to:, as notmuch does. */
  bcc: string;
  /** Decoded text of the body, not sanitized: for a search index, never for the screen. */
  body: string;
  /** Decoded file names of the attachments (not sanitized either). */
  attachments: string[];
  /** Parts that are not text to read (named or not), as mailparser counts attachments. */
  attachmentCount: number;
}

export const TEXT_LIMITS = { maxParts: 100, maxDepth: 8, maxTextChars: 256 * 1024, maxHtmlChars: 512 * 1024 };

interface Walk {
  texts: string[];
  chars: number;
  attachments: string[];
  attachmentCount: number;
  parts: number;
}

export function extractMessageText(raw: Buffer): MessageText {
  const { head, body } = splitHeadBody(withLineFeeds(raw));
  const headers = readHeaders(head);
  const walk: Walk = { texts: [], chars: 0, attachments: [], attachmentCount: 0, parts: 0 };
  walkPart(headers, body, 0, walk);
  return {
    ...summarizeHeaders(headers),
    cc: decodeAddressHeader(headers.get('cc')),
    bcc: decodeAddressHeader(headers.get('bcc')),
    body: walk.texts.join('\n'),
    attachments: walk.attachments,
    attachmentCount: walk.attachmentCount,
  };
}

function readHeaders(head: Buffer): HeaderMap {
  return parseHeaderLines(unfoldHeaderLines(decodeHeaderBlock(head)));
}

function walkPart(headers: HeaderMap, body: Buffer, depth: number, walk: Walk): void {
  walk.parts += 1;
  const type = parseContentType(headers.get('content-type')?.[0]);
  const disposition = headers.get('content-disposition')?.[0];
  const fileName = headerParams(disposition).get('filename');
  const name = fileName ?? type.params.get('name');
  const boundary = type.params.get('boundary');
  const parts =
    type.mime.startsWith('multipart/') && boundary ? splitMultipart(body, boundary, TEXT_LIMITS.maxParts) : [];
  const nested = type.mime === 'message/rfc822' && depth < TEXT_LIMITS.maxDepth;
  const mime = partMime(headers.get('content-type')?.[0], fileName);
  const text = !parts.length && !nested && isReadAsText(mime, dispositionType(disposition));
  if (name !== undefined && !text) walk.attachments.push(decodeName(name));
  if (parts.length) {
    walkChildren(type, parts, depth, walk);
  } else if (nested) {
    walkAttachedMessage(headers, body, depth, walk);
  } else if (!text) {
    walk.attachmentCount += 1;
  } else {
    const encoding = headers.get('content-transfer-encoding')?.[0];
    const decoded = readTextPart(body, type, encoding);
    addText(walk, mime === 'text/html' ? htmlToText(decoded.slice(0, TEXT_LIMITS.maxHtmlChars)) : decoded);
  }
}

/**
 * Its From, To and Subject decoded and its text, as the pager shows them, and counted as an
 * attachment where mailparser lists it (not marked inline, or transfer-encoded).
 */
function walkAttachedMessage(headers: HeaderMap, body: Buffer, depth: number, walk: Walk): void {
  const encoding = headers.get('content-transfer-encoding')?.[0]?.trim().toLowerCase() ?? '';
  const inline = /^inline/i.test(headers.get('content-disposition')?.[0] ?? '');
  if (!inline || !['', '7bit', '8bit', 'binary'].includes(encoding)) walk.attachmentCount += 1;
  const inner = splitHeadBody(decodeTransferEncoding(body, encoding));
  const innerHeaders = readHeaders(inner.head);
  const { from, to, subject } = summarizeHeaders(innerHeaders);
  addText(walk, [from, to, subject].join('\n'));
  walkPart(innerHeaders, inner.body, depth + 1, walk);
}

/** A multipart without a boundary (or parts) is read as text, like a mailer that shows it raw would. */
function isReadAsText(mime: string, disposition: string | undefined): boolean {
  return isShownAsText(mime, disposition) || (mime.startsWith('multipart/') && disposition !== 'attachment');
}

/** `attachment; filename=…` → `attachment`, as mailsplit reads it. */
function dispositionType(value: string | undefined): string | undefined {
  return value?.split(';')[0]?.trim().toLowerCase() || undefined;
}

function walkChildren(type: ContentType, parts: Buffer[], depth: number, walk: Walk): void {
  if (depth >= TEXT_LIMITS.maxDepth) return;
  const children = parts.map((part) => {
    const split = splitHeadBody(part);
    const headers = readHeaders(split.head);
    // A digest's part without a type is an attached message (RFC 2046 5.1.5), as mutt reads it.
    if (type.mime === 'multipart/digest' && !headers.has('content-type'))
      headers.set('content-type', ['message/rfc822']);
    return { headers, body: split.body };
  });
  const chosen = type.mime === 'multipart/alternative' ? chosenAlternatives(children, isPlainWithText) : children;
  for (const child of chosen) {
    if (walk.parts >= TEXT_LIMITS.maxParts) return;
    walkPart(child.headers, child.body, depth + 1, walk);
  }
}

function isPlainWithText({ headers, body }: { headers: HeaderMap; body: Buffer }): boolean {
  const disposition = headers.get('content-disposition')?.[0];
  const mime = partMime(headers.get('content-type')?.[0], headerParams(disposition).get('filename'));
  if (mime !== 'text/plain' || !isShownAsText(mime, dispositionType(disposition))) return false;
  const type = parseContentType(headers.get('content-type')?.[0]);
  return hasText(readTextPart(body, type, headers.get('content-transfer-encoding')?.[0]));
}

function addText(walk: Walk, text: string): void {
  const room = TEXT_LIMITS.maxTextChars - walk.chars;
  if (room <= 0 || !text) return;
  const piece = text.length > room ? text.slice(0, room) : text;
  walk.texts.push(piece);
  walk.chars += piece.length;
}

function decodeName(name: string): string {
  try {
    return libmime.decodeWords(name);
  } catch {
    return name;
  }
}

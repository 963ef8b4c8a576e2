// Messages attached as message/rfc822 parts that mailparser lists as attachments, shown in their
// places among the text parts as mutt shows them: a line naming the attachment, the message's
// From/To/Date/Subject, then its text. mailparser reads such a part into the text only when it is
// marked inline and otherwise only lists it, while the index reads its text wherever it is: search
// found messages whose pager did not show the words.
import type { Attachment } from 'mailparser';
import { isAttachedMessage } from '../mail/parse-mime.js';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { formatBytes } from '../text/format-bytes.js';
import type { AttachmentInfo, RenderedMessage } from './types.js';

/** Nested no deeper than the index reads parts. */
export const MAX_ATTACHED_DEPTH = 8;

/**
 * The lines of each attached message, in the order of the attachments. `infos[i]` is what the pager
 * lists of `attachments[i]`; `render` renders one attached message.
 */
export async function attachedMessageBlocks(
  attachments: Attachment[],
  infos: AttachmentInfo[],
  render: (raw: Buffer) => Promise<RenderedMessage>,
): Promise<string[][]> {
  const blocks: string[][] = [];
  for (const [index, attachment] of attachments.entries()) {
    if (!isAttachedMessage(attachment.headers)) continue;
    const inner = await render(attachment.content);
    const { from, to, date, subject } = inner.headers;
    const fields = Object.entries({ From: from, To: to, Date: date, Subject: subject }).filter(([, value]) => value);
    const lines = ['', `[-- attachment ${index + 1}: ${infos[index]!.name} --]`];
    if (inner.notice) lines.push(`[-- ${inner.notice} --]`);
    lines.push(...fields.map(([label, value]) => sanitizeForTerminal(`${label}: ${value}`)), '');
    lines.push(...inner.bodyLines);
    lines.push(...inner.attachments.map((a) => `[-- ${a.name} (${a.type}, ${formatBytes(a.size)}) --]`));
    blocks.push(lines);
  }
  return blocks;
}

/**
 * Each piece of text followed by the attached message that stood after it, a blank line between;
 * messages past the last piece (all of them after an HTML body's text) follow it.
 */
export function interleaveAttachedMessages(pieces: string[][], blocks: string[][]): string[] {
  const lines: string[] = [];
  for (const [at, piece] of pieces.entries()) {
    if (piece.length && lines.length && lines[lines.length - 1] !== '') lines.push('');
    const following = at === pieces.length - 1 ? blocks.slice(at) : blocks.slice(at, at + 1);
    lines.push(...piece, ...following.flat());
  }
  return lines;
}

// Messages attached as message/rfc822 parts, shown after the text as mutt shows them: a line naming
// the attachment, the message's From/To/Date/Subject, then its text. mailparser reads such a part
// into the text only when it is marked inline and otherwise only lists it, while the index reads
// its text wherever it is: search found messages whose pager did not show the words.
import type { Attachment } from 'mailparser';
import { sanitizeForTerminal } from '../text/sanitize.js';
import { formatBytes } from '../text/format-bytes.js';
import type { AttachmentInfo, RenderedMessage } from './types.js';

/** Nested no deeper than the index reads parts. */
export const MAX_ATTACHED_DEPTH = 8;

/** `infos[i]` is what the pager lists of `attachments[i]`; `render` renders one attached message. */
export async function attachedMessageLines(
  attachments: Attachment[],
  infos: AttachmentInfo[],
  render: (raw: Buffer) => Promise<RenderedMessage>,
): Promise<string[]> {
  const lines: string[] = [];
  for (const [index, attachment] of attachments.entries()) {
    if (!isDeclaredMessage(attachment)) continue;
    const inner = await render(attachment.content);
    const { from, to, date, subject } = inner.headers;
    const fields = Object.entries({ From: from, To: to, Date: date, Subject: subject }).filter(([, value]) => value);
    lines.push('', `[-- attachment ${index + 1}: ${infos[index]!.name} --]`);
    if (inner.notice) lines.push(`[-- ${inner.notice} --]`);
    lines.push(...fields.map(([label, value]) => sanitizeForTerminal(`${label}: ${value}`)), '');
    lines.push(...inner.bodyLines);
    lines.push(...inner.attachments.map((a) => `[-- ${a.name} (${a.type}, ${formatBytes(a.size)}) --]`));
  }
  return lines;
}

/** As the index reads it: mailparser also names an octet-stream part message/rfc822 by its '.eml'. */
function isDeclaredMessage(attachment: Attachment): boolean {
  const declared = attachment.headers.get('content-type') as { value?: string } | undefined;
  return declared?.value?.toLowerCase() === 'message/rfc822';
}

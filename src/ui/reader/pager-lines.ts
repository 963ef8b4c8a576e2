// Pure: a rendered message → the rows the pager scrolls through.
import type { RenderedMessage } from '../../reader/index.js';
import { formatBytes } from '../../text/format-bytes.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { wrapLines } from '../../text/wrap-lines.js';

/** `folder`: the folder a search's result is in, shown with the headers. */
export function pagerLines(message: RenderedMessage, fullHeaders: boolean, width: number, folder = ''): string[] {
  const h = message.headers;
  const head = fullHeaders
    ? message.rawHeaderLines
    : (
        [
          ['From', h.from],
          ['To', h.to],
          ['Cc', h.cc],
          ['Date', h.date],
          ['Subject', h.subject],
          ['Labels', sanitizeForTerminal(message.labels?.join(', ') ?? '')],
          ['Folder', sanitizeForTerminal(folder)],
        ] as const
      )
        .filter(([, v]) => v)
        .map(([k, v]) => `${k}: ${v}`);
  const notice = message.notice ? [`[-- ${message.notice} --]`] : [];
  const attachments = message.attachments.map(
    (a) => `[-- Attachment #${a.index + 1}: ${a.name} (${a.type}, ${formatBytes(a.size)}) --]`,
  );
  return wrapLines(
    [...head, '', ...notice, ...message.bodyLines, ...(attachments.length ? ['', ...attachments] : [])],
    width,
  );
}

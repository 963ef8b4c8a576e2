import { sanitizeForTerminal } from '../../text/sanitize.js';

/** An error as the reader's status line shows it: one sanitized line, cut at 200 characters. */
export function errorLine(err: unknown): string {
  return sanitizeForTerminal(err instanceof Error ? err.message : String(err)).slice(0, 200);
}

// The server's [ALERT] texts (RFC 3501 §7.1), which must reach the user: kept until someone listens.
import type { StatusResponse } from './response-parser.js';

/** Alerts kept before a listener comes; a server sending more is not heard further. */
const MAX_KEPT = 20;

export class AlertInbox {
  private kept: string[] = [];
  private listener: ((text: string) => void) | undefined;

  /** Hands over the alerts as sent; those that came before are handed over at once. */
  listen(listener: (text: string) => void): void {
    this.listener = listener;
    for (const text of this.kept.splice(0)) listener(text);
  }

  /** Takes the alert from a status response, if it carries one. */
  note(result: StatusResponse): void {
    if (result.code?.toUpperCase() !== 'ALERT') return;
    if (this.listener !== undefined) this.listener(result.text);
    else if (this.kept.length < MAX_KEPT) this.kept.push(result.text);
  }
}

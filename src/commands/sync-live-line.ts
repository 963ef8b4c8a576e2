// The live line of `mailkeep sync` on a TTY: the mailbox downloading last, its count and bytes,
// redrawn in place at most every 100 ms; anything else printed clears it first.
import type { EngineEvent } from '../engine/events.js';
import { formatBytes } from '../text/format-bytes.js';
import { sanitizeForTerminal } from '../text/sanitize.js';

export interface LiveLine {
  /** Keeps count of the mailboxes downloading from their plan, progress and done events. */
  follow(e: EngineEvent): void;
  /** Takes the line off the screen (it comes back with the next progress). */
  clear(): void;
}

/** `tty`: whether to draw at all (off without a terminal, and with --quiet). */
export function syncLiveLine(stdout: NodeJS.WritableStream, tty: boolean): LiveLine {
  const live = new Map<string, { done: number; total: number; bytes: number }>();
  let shown = false;
  let lastDraw = 0;
  const clear = () => {
    if (shown) stdout.write('\r\x1b[K');
    shown = false;
  };
  const draw = (now: number) => {
    if (!tty || now - lastDraw < 100) return;
    lastDraw = now;
    const [name, p] = [...live.entries()].at(-1) ?? [];
    if (name === undefined || p === undefined) return clear();
    const more = live.size > 1 ? ` (+${live.size - 1} more)` : '';
    stdout.write(
      `\r\x1b[K⟳ ${sanitizeForTerminal(name)} ${p.done}/${p.total} ${formatBytes(p.bytes)}${more}`.slice(0, 200),
    );
    shown = true;
  };
  return {
    follow(e) {
      switch (e.type) {
        case 'mailbox-plan':
          live.set(`${e.account}/${e.mailbox}`, { done: 0, total: e.messagesToFetch, bytes: 0 });
          break;
        case 'mailbox-progress': {
          const entry = live.get(`${e.account}/${e.mailbox}`);
          if (entry) Object.assign(entry, { done: e.messagesDone, bytes: e.bytesDone });
          draw(e.at);
          break;
        }
        case 'mailbox-done':
          live.delete(`${e.account}/${e.mailbox}`);
          break;
        default:
          break;
      }
    },
    clear,
  };
}

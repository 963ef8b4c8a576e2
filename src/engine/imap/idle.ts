// IDLE (RFC 2177) on one mailbox: EXAMINE it, then IDLE; the server's EXISTS, EXPUNGE, VANISHED
// and FETCH are handed on as they come. Where the server has NOTIFY (RFC 5465), new and expunged
// mail in every other mailbox of the account is asked for too, and comes as STATUS. Each IDLE is
// ended with DONE and issued again after `reissueMs`, because servers may end an IDLE after 30
// minutes (RFC 2177 §3: re-issue within 29).
import type { IdleOptions, RemoteChange, RemoteIdle } from '../remote.js';
import type { MailboxArg } from './command-args.js';
import type { UntaggedResponse } from './connection-types.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapProtocolError } from './protocol-error.js';

const CHANGES = new Map<string, RemoteChange>([
  ['EXISTS', 'exists'],
  ['EXPUNGE', 'expunge'],
  ['VANISHED', 'expunge'],
  ['FETCH', 'flags'],
  ['STATUS', 'other-mailbox'],
]);

/**
 * An IDLE the server ends by itself sooner than this (it answered OK at once, with or without its
 * `+`) is not kept: asked again at once, such a server had tens of thousands of IDLEs a second.
 */
const QUICK_END_MS = 1000;

/** The selected mailbox as with IDLE; any other of the user's: arrivals and expunges (RFC 5465 §5). */
const NOTIFY_SET =
  'NOTIFY SET (selected (MessageNew MessageExpunge FlagChange)) (personal (MessageNew MessageExpunge))';

/** NOTIFY where offered; a server that refuses it still has IDLE. What comes meanwhile is a change. */
async function notifyAll(
  connection: ImapConnection,
  onUntagged: (response: UntaggedResponse) => void,
): Promise<boolean> {
  if (!connection.capabilities.has('NOTIFY')) return false;
  return connection.run(NOTIFY_SET, onUntagged).then(
    () => true,
    (error: unknown) => {
      if (!connection.usable) throw error;
      return false;
    },
  );
}

/**
 * The mailbox's size as the client knows it (RFC 3501 §7.3.1), from EXAMINE on: an EXISTS that
 * repeats it announces nothing (some servers repeat it on every keepalive), so it starts no pass.
 */
function watchSize(options: IdleOptions) {
  let known: number | undefined;
  return {
    examined: (response: UntaggedResponse): void => {
      if (response.kind === 'data' && response.name === 'EXISTS') known = response.number;
    },
    idling: (response: UntaggedResponse): void => {
      if (response.kind !== 'data') return;
      if (response.name === 'EXISTS') {
        if (response.number === known) return;
        known = response.number;
      } else if (response.name === 'EXPUNGE' && known !== undefined) known -= 1;
      // VANISHED names UIDs, not a count: the next EXISTS is news whatever it says.
      else if (response.name === 'VANISHED') known = undefined;
      const change = CHANGES.get(response.name);
      if (change !== undefined) options.onChange(change);
    },
  };
}

export async function idleOnMailbox(
  connection: ImapConnection,
  mailbox: MailboxArg,
  options: IdleOptions,
): Promise<RemoteIdle> {
  const size = watchSize(options);
  await connection.run(`EXAMINE ${mailbox.text}`, size.examined, mailbox.literals);
  const allMailboxes = await notifyAll(connection, size.idling);
  let stopping = false;
  /** Sends DONE for the IDLE now accepted; undefined while none is. */
  let endCurrent: (() => void) | undefined;
  const idleOnce = async (): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    let doneSent = false;
    const started = performance.now();
    try {
      await connection.idle(size.idling, () => {
        if (endCurrent !== undefined) return;
        endCurrent = () => {
          endCurrent = () => {};
          doneSent = true;
          clearTimeout(timer);
          connection.endIdle();
        };
        if (stopping) endCurrent();
        else timer = setTimeout(() => endCurrent?.(), options.reissueMs);
      });
    } finally {
      clearTimeout(timer);
      endCurrent = undefined;
    }
    // The watch backs off and connects again, as after a cut.
    if (!doneSent && !stopping && performance.now() - started < QUICK_END_MS) {
      throw new ImapProtocolError('the server ends IDLE at once instead of idling');
    }
  };
  const ended = (async () => {
    while (!stopping) await idleOnce();
  })();
  return {
    allMailboxes,
    ended,
    async stop() {
      stopping = true;
      endCurrent?.();
      await ended.catch(() => undefined);
    },
  };
}

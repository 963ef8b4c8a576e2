// The setup wizard's login check: connect as the sync would (same TLS rules, same password
// source), log out, and turn any failure into the engine's one-line message naming the host.

import { setTimeout as wait } from 'node:timers/promises';
import type { AccountConfig } from '../config/types.js';
import { backoffDelay } from './backoff.js';
import { classifyError } from './errors.js';
import { connectImap, type ConnectOptions } from './imap/connect.js';

/**
 * A server that asks to wait ([UNAVAILABLE], a temporary authentication failure: Dovecot's when its
 * token check or password database does not answer) is asked again this many times, after ~1 s
 * and ~2 s, as a sync's login would be: one such answer is no verdict on the sign-in. A host that
 * refuses, times out or does not resolve is told at once: in the wizard it is most likely mistyped.
 */
const WAIT_RETRIES = 2;

export interface CheckLoginOptions extends ConnectOptions {
  /** Waits out a server's "wait" before asking again (injectable so tests do not sleep). */
  sleep?: (ms: number) => Promise<unknown>;
}

/** `options.secret`: try this instead of the account's secret (a new sign-in's token, before it is kept). */
export async function checkLogin(account: AccountConfig, options: CheckLoginOptions = {}): Promise<void> {
  const { sleep = wait, ...connectOptions } = options;
  for (let attempt = 0; ; attempt++) {
    let session;
    try {
      session = await connectImap(account, connectOptions);
    } catch (error) {
      const info = classifyError(error, { account: account.name, host: account.host });
      if (info.code === 'SERVER_BUSY' && attempt < WAIT_RETRIES) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      throw new Error(info.message, { cause: error });
    }
    await session.close().catch(() => undefined);
    return;
  }
}

// The setup wizard's login check: connect as the sync would (same TLS rules, same password
// source), log out, and turn any failure into the engine's one-line message naming the host.

import { setTimeout as sleep } from 'node:timers/promises';
import type { AccountConfig } from '../config/types.js';
import { backoffDelay } from './backoff.js';
import { classifyError } from './errors.js';
import { connectImap, type ConnectOptions } from './imap/connect.js';

/**
 * A server that asks to wait ([UNAVAILABLE], a temporary authentication failure: Dovecot's when its
 * token check or password database does not answer) is asked again this many times, after ~1 s
 * and ~2 s, as a sync's login would be: one such answer is no verdict on the sign-in.
 */
const WAIT_RETRIES = 2;

/** `options.secret`: try this instead of the account's secret (a new sign-in's token, before it is kept). */
export async function checkLogin(account: AccountConfig, options: ConnectOptions = {}): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    let session;
    try {
      session = await connectImap(account, options);
    } catch (error) {
      const info = classifyError(error, { account: account.name, host: account.host });
      if (info.retry === 'wait' && attempt < WAIT_RETRIES) {
        await sleep(backoffDelay(attempt));
        continue;
      }
      throw new Error(info.message, { cause: error });
    }
    await session.close().catch(() => undefined);
    return;
  }
}

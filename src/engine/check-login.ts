// The setup wizard's login check: connect as the sync would (same TLS rules, same password
// source), log out, and turn any failure into the engine's one-line message naming the host.

import type { AccountConfig } from '../config/types.js';
import { classifyError } from './errors.js';
import { connectImap, type ConnectOptions } from './imap/connect.js';

/** `options.secret`: try this instead of the account's secret (a new sign-in's token, before it is kept). */
export async function checkLogin(account: AccountConfig, options: ConnectOptions = {}): Promise<void> {
  let session;
  try {
    session = await connectImap(account, options);
  } catch (error) {
    throw new Error(classifyError(error, { account: account.name, host: account.host }).message, { cause: error });
  }
  await session.close().catch(() => undefined);
}

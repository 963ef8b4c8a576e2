// The setup wizard's login check: connect as the sync would (same TLS rules, same password
// source), log out, and turn any failure into the engine's one-line message naming the host.

import type { AccountConfig } from '../config/types.js';
import { classifyError } from './errors.js';
import { connectImap } from './imap-session.js';

export async function checkLogin(account: AccountConfig): Promise<void> {
  let session;
  try {
    session = await connectImap(account);
  } catch (error) {
    throw new Error(classifyError(error, { account: account.name, host: account.host }).message, { cause: error });
  }
  await session.close().catch(() => undefined);
}

// Logging in: AUTHENTICATE PLAIN in one line where the server takes an initial response (SASL-IR),
// else LOGIN unless the server disabled it.
import { SyncError } from '../errors.js';
import { loginString } from './command-args.js';
import type { ImapConnection } from './imap-connection.js';
import { ImapCommandError } from './imap-errors.js';

export async function login(connection: ImapConnection, user: string, pass: string): Promise<void> {
  const caps = connection.capabilities;
  try {
    if (caps.has('AUTH=PLAIN') && caps.has('SASL-IR')) {
      const token = Buffer.from(`\0${user}\0${pass}`, 'utf8').toString('base64');
      await connection.run(`AUTHENTICATE PLAIN ${token}`);
    } else {
      if (caps.has('LOGINDISABLED')) {
        throw new SyncError('AUTH_FAILED', 'account', 'final', 'the server does not allow LOGIN on this connection');
      }
      const literals: Buffer[] = [];
      await connection.run(`LOGIN ${loginString(user, literals)} ${loginString(pass, literals)}`, undefined, literals);
    }
  } catch (error) {
    if (error instanceof ImapCommandError) error.authenticationFailed = true;
    throw error;
  }
  // Capabilities change after login (RFC 3501 §6.2.3); most servers send them with the OK.
  if (connection.capabilities === caps) await connection.run('CAPABILITY');
}

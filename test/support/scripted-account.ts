// The account config for a scripted IMAP server (scripted-server.ts, fake-imap.ts).
import type { AccountConfig } from '../../src/config/types.js';

/** An account for a scripted server on 127.0.0.1 (cleartext, password login). */
export function scriptedAccount(port: number, extra: Partial<AccountConfig> = {}): AccountConfig {
  return {
    name: 'scripted',
    host: '127.0.0.1',
    port,
    tls: 'none',
    user: 'joe',
    password: { kind: 'plain', password: 'secret' },
    systemCertificates: false,
    timeoutSeconds: 20,
    authMechs: [],
    ...extra,
  } as AccountConfig;
}

// What an account's TLS connections are verified against: the secure context (system CAs and/or
// CertificateFile, minimum version) and the certificates of CertificateFile accepted as they are
// (pinned-certificates.ts). Built once per trust setting and shared by all sessions.
import { readFile } from 'node:fs/promises';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import type { AccountConfig } from '../../config/types.js';
import { SyncError } from '../errors.js';
import { pemCertificates } from './pinned-certificates.js';

export interface TlsTrust {
  secureContext: SecureContext;
  /** DER of each certificate in CertificateFile; empty without one. */
  pinned: Buffer[];
}

function certificateFileError(file: string, why: string): SyncError {
  return new SyncError('TLS_CERT', 'account', 'final', `cannot read CertificateFile ${file}: ${why}`);
}

async function readCertificateFile(file: string): Promise<{ pem: string; pinned: Buffer[] }> {
  let pem: string;
  try {
    pem = await readFile(file, 'utf8');
  } catch (error) {
    throw certificateFileError(file, (error as NodeJS.ErrnoException).code ?? 'error');
  }
  try {
    return { pem, pinned: pemCertificates(pem) };
  } catch (error) {
    throw certificateFileError(file, `a certificate in it is damaged (${(error as Error).message})`);
  }
}

/** The CAs to trust; undefined leaves Node's own list (SystemCertificates with nothing added). */
function caList(account: AccountConfig, own: string | undefined): string[] | undefined {
  if (own === undefined) return account.systemCertificates ? undefined : [];
  return account.systemCertificates ? [...rootCertificates, own] : [own];
}

async function buildTrust(account: AccountConfig): Promise<TlsTrust> {
  const own = account.certificateFile === undefined ? undefined : await readCertificateFile(account.certificateFile);
  const ca = caList(account, own?.pem);
  const secureContext = createSecureContext({
    ...(ca !== undefined ? { ca } : {}),
    ...(account.minTlsVersion !== undefined ? { minVersion: account.minTlsVersion as 'TLSv1.2' } : {}),
  });
  return { secureContext, pinned: own?.pinned ?? [] };
}

/** Parsing the CA list costs more than a handshake: one trust per setting, shared by all sessions. */
const trusts = new Map<string, Promise<TlsTrust>>();

export function tlsTrustFor(account: AccountConfig): Promise<TlsTrust> {
  const key = JSON.stringify([account.certificateFile, account.systemCertificates, account.minTlsVersion]);
  let trust = trusts.get(key);
  if (trust === undefined) {
    trust = buildTrust(account);
    // A failure (unreadable CertificateFile) is not cached: the next session reports it afresh.
    trust.catch(() => trusts.delete(key));
    trusts.set(key, trust);
  }
  return trust;
}

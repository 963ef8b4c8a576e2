// Throw-away TLS certificates made with openssl (EC keys: fast): self-signed ones, expired ones,
// and a test CA with a certificate it signed, for the servers of the tests.
import { chmodSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface CertificateFiles {
  cert: string;
  key: string;
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

function files(dir: string, name: string): CertificateFiles {
  return { cert: join(dir, `${name}.pem`), key: join(dir, `${name}-key.pem`) };
}

/** Valid for 3 days, for `subject` (a CN) and the names in `altNames` (`DNS:localhost,IP:127.0.0.1`). */
export function selfSignedCertificate(dir: string, name: string, subject: string, altNames: string): CertificateFiles {
  const out = files(dir, name);
  const names = ['-subj', `/CN=${subject}`, '-addext', `subjectAltName=${altNames}`];
  openssl(['req', '-x509', ...EC_KEY, '-days', '3', ...names, '-keyout', out.key, '-out', out.cert]);
  // Dovecot started as root reads it as another user.
  chmodSync(out.key, 0o644);
  return out;
}

/**
 * Self-signed and expired: openssl 3.0 has no option for a start date in the past, but `x509
 * -days -1` ends validity a day before it starts.
 */
export function expiredCertificate(dir: string, name: string, subject: string): CertificateFiles {
  const out = files(dir, name);
  const request = join(dir, `${name}.csr`);
  openssl(['req', '-new', ...EC_KEY, '-subj', `/CN=${subject}`, '-keyout', out.key, '-out', request]);
  openssl(['x509', '-req', '-in', request, '-key', out.key, '-days', '-1', '-out', out.cert]);
  chmodSync(out.key, 0o644);
  return out;
}

/** A certificate for `altNames` signed by `ca` (made by selfSignedCertificate). */
export function signedCertificate(dir: string, name: string, ca: CertificateFiles, altNames: string): CertificateFiles {
  const out = files(dir, name);
  const request = join(dir, `${name}.csr`);
  const names = ['-subj', `/CN=${name}`, '-addext', `subjectAltName=${altNames}`];
  openssl(['req', '-new', ...EC_KEY, ...names, '-keyout', out.key, '-out', request]);
  const signer = ['-CA', ca.cert, '-CAkey', ca.key, '-copy_extensions', 'copy'];
  openssl(['x509', '-req', '-in', request, ...signer, '-days', '3', '-out', out.cert]);
  chmodSync(out.key, 0o644);
  return out;
}

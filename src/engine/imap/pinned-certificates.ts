// mbsync's rule for the certificates in CertificateFile (isync's verify_cert_host): a server whose
// certificate is exactly one of them is accepted as it is, whatever name or dates it carries (the
// usual self-hosted setup: the server's own self-signed certificate fetched with `openssl
// s_client`, reached by IP address). Any other certificate must chain to the trusted ones and
// carry the host's name.
import { X509Certificate } from 'node:crypto';
import { checkServerIdentity, type TLSSocket } from 'node:tls';

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]*-----END CERTIFICATE-----/g;

/** OpenSSL's words for the usual verification failures: Node keeps only the code of one it let through. */
const VERIFY_FAILURES: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed certificate in certificate chain',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unable to get local issuer certificate',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unable to verify the first certificate',
  CERT_HAS_EXPIRED: 'certificate has expired',
  CERT_NOT_YET_VALID: 'certificate is not yet valid',
};

/** The DER of each certificate in a PEM text; throws on a block that is not a certificate. */
export function pemCertificates(pem: string): Buffer[] {
  return (pem.match(PEM_CERTIFICATE) ?? []).map((block) => new X509Certificate(block).raw);
}

/**
 * Why the peer of a finished handshake is refused, or undefined when it may be used: for sockets
 * opened without Node's own checks (rejectUnauthorized false, no checkServerIdentity).
 */
export function refusedPeer(socket: TLSSocket, host: string, pinned: readonly Buffer[]): Error | undefined {
  const peer = socket.getPeerCertificate();
  // Compared as mbsync's X509_cmp does: the whole encoded certificate.
  if (peer.raw !== undefined && pinned.some((der) => der.equals(peer.raw))) return undefined;
  if (!socket.authorized) {
    // A string at run time, whatever the types say.
    const code = String(socket.authorizationError);
    const failure = `${VERIFY_FAILURES[code] ?? code}, and not one of the certificates in CertificateFile`;
    return Object.assign(new Error(failure), { code });
  }
  return checkServerIdentity(host, peer);
}

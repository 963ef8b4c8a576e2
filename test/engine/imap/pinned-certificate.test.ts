// mbsync's CertificateFile rule against real Dovecots: the server's own certificate in the file is
// accepted whatever name or dates it carries; any other certificate is verified as usual (chain
// and host name), and one that is neither is refused with one line naming the host.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import type { AccountConfig } from '../../../src/config/types.js';
import { connectImapWriter } from '../../../src/engine/imap/connect.js';
import { pemCertificates } from '../../../src/engine/imap/pinned-certificates.js';
import { localMessages } from '../../support/backup-check.js';
import { expiredCertificate, selfSignedCertificate, signedCertificate } from '../../support/certificates.js';
import { runPass, useCorpusServer, type CorpusServer } from '../../support/corpus-server.js';

const certs = mkdtempSync(join(tmpdir(), 'mailkeep-certs-'));
after(() => rmSync(certs, { recursive: true, force: true }));
const ca = selfSignedCertificate(certs, 'ca', 'mailkeep test CA', 'DNS:ca.example.test');
// The Courier setup: a self-signed certificate for a name mailkeep does not connect to (127.0.0.1).
const otherName = useCorpusServer({
  certificate: selfSignedCertificate(certs, 'other-name', 'mail.example.test', 'DNS:mail.example.test'),
});
const expired = useCorpusServer({ certificate: expiredCertificate(certs, 'expired', 'localhost') });
const caSigned = useCorpusServer({ certificate: signedCertificate(certs, 'signed', ca, 'DNS:localhost') });

const DAMAGED = '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n';

/** One pass over INBOX; its summary and what it stored. */
async function syncInbox(corpus: CorpusServer, overrides: Partial<AccountConfig>) {
  const account = await corpus.account({ patterns: ['INBOX'], ...overrides });
  const { summary } = await runPass(account);
  return { summary, stored: (await localMessages(account, 'INBOX')).length };
}

async function assertRefused(corpus: CorpusServer, overrides: Partial<AccountConfig>, reason: RegExp) {
  const { summary, stored } = await syncInbox(corpus, overrides);
  assert.equal(summary.exitCode, 2);
  const [error] = summary.errors;
  assert.equal(error?.code, 'TLS_CERT', JSON.stringify(summary.errors));
  assert.match(error.message, /^TLS with 127\.0\.0\.1 failed: /);
  assert.match(error.message, reason);
  assert.doesNotMatch(error.message, /\n/);
  assert.equal(stored, 0);
}

describe('the server certificate in CertificateFile is accepted as it is', () => {
  test('a certificate for another name than the host: IMAPS and STARTTLS sync', async () => {
    for (const tls of ['imaps', 'starttls'] as const) {
      const port = tls === 'imaps' ? otherName.server.imapsPort : otherName.server.imapPort;
      const { summary, stored } = await syncInbox(otherName, { tls, port });
      assert.equal(summary.exitCode, 0, `${tls}: ${JSON.stringify(summary.errors)}`);
      assert.ok(stored > 0, tls);
    }
  });

  test('the server certificate among others in the file: syncs', async () => {
    const bundle = join(certs, 'bundle.pem');
    writeFileSync(bundle, `${readFileSync(ca.cert, 'utf8')}${readFileSync(otherName.server.caFile, 'utf8')}`);
    const { summary } = await syncInbox(otherName, { certificateFile: bundle });
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
  });

  test('an expired certificate: syncs', async () => {
    const { summary, stored } = await syncInbox(expired, {});
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    assert.ok(stored > 0);
  });

  test('restore connects the same way', async () => {
    const writer = await connectImapWriter(await otherName.account());
    await writer.close();
  });
});

test('pemCertificates: each certificate of a file, text around them ignored; a damaged one throws', () => {
  const pems = [ca.cert, expired.server.caFile].map((file) => readFileSync(file, 'utf8'));
  const base64 = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');
  assert.deepEqual(pemCertificates(`# the CA\n${pems.join('subject=CN=localhost\n')}`), pems.map(base64));
  assert.throws(() => pemCertificates(DAMAGED));
});

test('a damaged CertificateFile: a TLS_CERT error naming the file', async () => {
  const damaged = join(certs, 'damaged.pem');
  writeFileSync(damaged, DAMAGED);
  const { summary } = await syncInbox(otherName, { certificateFile: damaged });
  assert.equal(summary.errors[0]?.code, 'TLS_CERT');
  assert.match(
    summary.errors[0].message,
    /^cannot read CertificateFile .*damaged\.pem: a certificate in it is damaged/,
  );
});

describe('any other certificate is verified as before', () => {
  test('CertificateFile holding another certificate: refused, one line naming the host', async () => {
    const overrides = { certificateFile: expired.server.caFile };
    await assertRefused(
      otherName,
      overrides,
      /: self-signed certificate, and not one of the certificates in CertificateFile$/,
    );
  });

  test('without CertificateFile, a certificate for another name is refused as before', async () => {
    const overrides = { certificateFile: undefined, systemCertificates: true };
    await assertRefused(otherName, overrides, /: self-signed certificate$/);
  });

  test('a CA in CertificateFile: its certificate syncs for its name, and is refused for another', async () => {
    const { summary } = await syncInbox(caSigned, { host: 'localhost', certificateFile: ca.cert });
    assert.equal(summary.exitCode, 0, JSON.stringify(summary.errors));
    await assertRefused(caSigned, { certificateFile: ca.cert }, /IP: 127\.0\.0\.1 is not in the cert's list/);
  });
});

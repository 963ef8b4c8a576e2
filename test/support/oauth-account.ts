// The OAuth tests' world: the local authorization server and the harness Dovecot checking tokens
// with it, and an account that signs in there and logs in to that Dovecot, everything under `root`.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { generateCorpus } from './corpus.js';
import { startDovecot, type DovecotServer } from './dovecot.js';
import { startOAuthServer, type OAuthServerOptions, type OAuthTestServer } from './oauth-server.js';
import { localSide } from './corpus-server.js';
import { loadCorpus } from './server-mail.js';

export function oauthTestAccount(
  server: DovecotServer,
  oauth: OAuthTestServer,
  root: string,
  overrides: Partial<AccountConfig> = {},
): AccountConfig {
  return {
    name: 'oauth',
    host: server.host,
    port: server.imapsPort,
    tls: 'imaps',
    user: server.user.user,
    password: {
      kind: 'oauth',
      provider: 'generic',
      clientId: oauth.clientId,
      authorizationUrl: oauth.authorizationUrl,
      tokenUrl: oauth.tokenUrl,
      deviceAuthorizationUrl: oauth.deviceAuthorizationUrl,
      scope: 'mail',
      tokenStore: 'file',
    },
    certificateFile: server.caFile,
    systemCertificates: false,
    authMechs: [],
    ...localSide(root),
    // Dovecot delays logins from an address after failed ones (up to 15 s): failure tests leave such a penalty.
    timeoutSeconds: 40,
    ...overrides,
  };
}

export interface OAuthWorld {
  readonly oauth: OAuthTestServer;
  readonly server: DovecotServer;
  /** A new temp directory, removed after the file. */
  newRoot(): string;
}

/**
 * Registers before/after hooks: the local authorization server (vouching for the harness user),
 * then Dovecot with its oauth2 passdb pointed at it (with the tiny corpus when asked); both are
 * stopped and the temp roots removed after the file.
 */
export function useOAuthWorld(options: { corpus?: boolean; oauth?: OAuthServerOptions } = {}): OAuthWorld {
  let oauth: OAuthTestServer | undefined;
  let server: DovecotServer | undefined;
  const roots: string[] = [];
  before(async () => {
    oauth = await startOAuthServer({ email: 'alice', ...options.oauth });
    server = await startDovecot({ oauth2: { tokenInfoUrl: oauth.tokenInfoUrl } });
    if (options.corpus) await loadCorpus(server, generateCorpus('tiny'));
  });
  after(async () => {
    await server?.stop();
    await oauth?.stop();
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  return {
    get oauth() {
      if (oauth === undefined) throw new Error('the authorization server is not started yet');
      return oauth;
    },
    get server() {
      if (server === undefined) throw new Error('Dovecot is not started yet');
      return server;
    },
    newRoot() {
      const root = mkdtempSync(join(tmpdir(), 'mailkeep-oauth-'));
      roots.push(root);
      return root;
    },
  };
}

// An account that signs in with OAuth at the local authorization server and logs in to the
// harness Dovecot (started with its oauth2 passdb pointed at that server), everything under `root`.
import { join } from 'node:path';
import type { AccountConfig } from '../../src/config/types.js';
import type { DovecotServer } from './dovecot.js';
import type { OAuthTestServer } from './oauth-server.js';

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
    localPath: join(root, 'mail'),
    inboxPath: join(root, 'mail', 'INBOX'),
    subFolders: 'verbatim',
    patterns: ['*'],
    deletions: 'keep',
    concurrency: 2,
    dailyBudgetBytes: null,
    copyArrivalDate: true,
    maxMessageBytes: null,
    stateDir: join(root, 'state'),
    // Dovecot delays logins from an address after failed ones (up to 15 s): failure tests leave such a penalty.
    timeoutSeconds: 40,
    ...overrides,
  };
}

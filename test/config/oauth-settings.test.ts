import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../../src/config/errors.js';
import { oauthEndpoints, oauthPresetForHost, usesTokenCommand } from '../../src/config/oauth-providers.js';
import { validateOwnConfig } from '../../src/config/own-config-schema.js';

const base = {
  name: 'work',
  host: 'outlook.office365.com',
  port: 993,
  tls: 'imaps',
  user: 'me@example.com',
  localPath: '/m/work',
  inboxPath: '/m/work/INBOX',
  patterns: ['*'],
  deletions: 'keep',
  concurrency: 4,
  dailyBudgetBytes: null,
  copyArrivalDate: true,
};
const read = (password: unknown) =>
  validateOwnConfig({ accounts: [{ ...base, password }] }, 'c.json', { home: '/h', env: {} }).accounts[0]!;

test('an OAuth account in the config: Microsoft preset with a keyring store', () => {
  const password = { kind: 'oauth', provider: 'microsoft', clientId: 'abc', tokenStore: 'keyring' };
  assert.deepEqual(read(password).password, password);
});

const invalid: [string, unknown, RegExp][] = [
  [
    'provider',
    { kind: 'oauth', provider: 'yahoo', clientId: 'a', tokenStore: 'keyring' },
    /password: provider must be one of google, microsoft, generic$/,
  ],
  [
    'client ID',
    { kind: 'oauth', provider: 'google', clientId: '', tokenStore: 'keyring' },
    /password: clientId must be a non-empty string$/,
  ],
  [
    'store',
    { kind: 'oauth', provider: 'google', clientId: 'a', tokenStore: 'plain' },
    /password: tokenStore must be keyring or file$/,
  ],
  [
    'a token in the config',
    { kind: 'oauth', provider: 'google', clientId: 'a', tokenStore: 'file', refreshToken: 'x' },
    /password: refreshToken is not an OAuth setting$/,
  ],
  [
    'generic without endpoints',
    { kind: 'oauth', provider: 'generic', clientId: 'a', tokenStore: 'file' },
    /password: authorizationUrl is needed for a generic provider$/,
  ],
  [
    'http off this machine',
    { kind: 'oauth', provider: 'microsoft', clientId: 'a', tokenStore: 'file', tokenUrl: 'http://login.example.com/t' },
    /password: tokenUrl must be an https URL$/,
  ],
];
for (const [name, password, pattern] of invalid) {
  test(`invalid OAuth settings: ${name}`, () => {
    assert.throws(
      () => read(password),
      (e: unknown) => e instanceof ConfigError && pattern.test(e.message) && !e.message.includes('\n'),
    );
  });
}

test('presets: Google and Microsoft endpoints and scopes; a tenant endpoint replaces the preset one', () => {
  const google = oauthEndpoints({ provider: 'google', clientId: 'a', tokenStore: 'keyring' });
  assert.ok(typeof google !== 'string');
  assert.equal(google.scope, 'https://mail.google.com/');
  assert.equal(google.deviceAuthorizationUrl, undefined);
  assert.deepEqual(google.extraAuthorizationParams, { access_type: 'offline', prompt: 'consent' });
  const tenant = 'https://login.microsoftonline.com/contoso.example/oauth2/v2.0/token';
  const microsoft = oauthEndpoints({ provider: 'microsoft', clientId: 'a', tokenStore: 'keyring', tokenUrl: tenant });
  assert.ok(typeof microsoft !== 'string');
  assert.equal(microsoft.scope, 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access');
  assert.equal(microsoft.tokenUrl, tenant);
  assert.match(microsoft.deviceAuthorizationUrl!, /\/common\/oauth2\/v2\.0\/devicecode$/);
  assert.equal(oauthPresetForHost('imap.gmail.com')?.id, 'google');
  assert.equal(oauthPresetForHost('outlook.office365.com')?.id, 'microsoft');
  assert.equal(oauthPresetForHost('imap.fastmail.com'), undefined);
});

test('a token PassCmd is recognised only with OAuth mechanisms alone', () => {
  const command = { kind: 'command' };
  assert.equal(usesTokenCommand({ authMechs: ['XOAUTH2'], password: command }), true);
  assert.equal(usesTokenCommand({ authMechs: ['oauthbearer'], password: command }), true);
  assert.equal(usesTokenCommand({ authMechs: ['XOAUTH2', 'PLAIN'], password: command }), false);
  assert.equal(usesTokenCommand({ authMechs: [], password: command }), false);
  assert.equal(usesTokenCommand({ authMechs: ['XOAUTH2'], password: { kind: 'env' } }), false);
});

// OAuth2 sign-in settings of an account and the provider presets (Google, Microsoft, any other). Pure.

export type OAuthProviderId = 'google' | 'microsoft' | 'generic';

/** Where the refresh token lives: the system keyring, or (only if chosen) a 0600 file under XDG state. */
export type TokenStoreKind = 'keyring' | 'file';

/** The file store's file, in the account's state directory. */
export const TOKEN_FILE = 'oauth-refresh-token';

export interface OAuthSettings {
  provider: OAuthProviderId;
  clientId: string;
  /** Google's "Desktop app" clients have one (not secret in an installed app); Microsoft's public clients none. */
  clientSecret?: string;
  /** Required for the generic provider; for a preset they replace its own (e.g. a Microsoft tenant). */
  authorizationUrl?: string;
  tokenUrl?: string;
  deviceAuthorizationUrl?: string;
  scope?: string;
  tokenStore: TokenStoreKind;
}

export interface OAuthEndpoints {
  authorizationUrl: string;
  tokenUrl: string;
  /** Absent: the provider has no device flow for this scope. */
  deviceAuthorizationUrl?: string;
  scope: string;
  /** Expected `iss` of authorization responses (RFC 9207), where the provider sends one. */
  issuer?: string;
  /** Added to the authorization request (Google hands out a refresh token only with these). */
  extraAuthorizationParams: Record<string, string>;
}

export interface OAuthProviderPreset extends OAuthEndpoints {
  id: Exclude<OAuthProviderId, 'generic'>;
  label: string;
  imapHost: string;
}

export const OAUTH_PRESETS: readonly OAuthProviderPreset[] = [
  {
    id: 'google',
    label: 'Google (Gmail, Google Workspace)',
    imapHost: 'imap.gmail.com',
    authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
    tokenUrl: 'https://oauth2.googleapis.com/token',
    // Google's device flow does not grant the mail scope: sign-in needs a browser.
    scope: 'https://mail.google.com/',
    issuer: 'https://accounts.google.com',
    extraAuthorizationParams: { access_type: 'offline', prompt: 'consent' },
  },
  {
    id: 'microsoft',
    label: 'Microsoft 365 / Outlook.com',
    imapHost: 'outlook.office365.com',
    authorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize',
    tokenUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/token',
    deviceAuthorizationUrl: 'https://login.microsoftonline.com/common/oauth2/v2.0/devicecode',
    scope: 'https://outlook.office.com/IMAP.AccessAsUser.All offline_access',
    extraAuthorizationParams: {},
  },
];

export function oauthPreset(id: OAuthProviderId): OAuthProviderPreset | undefined {
  return OAUTH_PRESETS.find((p) => p.id === id);
}

/** The preset whose IMAP host this is, for import and the wizard. */
export function oauthPresetForHost(host: string): OAuthProviderPreset | undefined {
  const h = host.toLowerCase();
  if (/(^|\.)(gmail|googlemail)\.com$/.test(h)) return oauthPreset('google');
  if (/(^|\.)(office365|outlook)\.com$/.test(h)) return oauthPreset('microsoft');
  return undefined;
}

function isLoopbackUrl(url: URL): boolean {
  return url.hostname === '127.0.0.1' || url.hostname === '[::1]' || url.hostname === 'localhost';
}

/** A problem with one endpoint URL, or undefined: https everywhere, plain http only on this machine. */
export function endpointProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackUrl(url))) return undefined;
  return 'must be an https URL';
}

/** The endpoints an account signs in with, or a one-line problem naming the missing or bad field. */
export function oauthEndpoints(settings: OAuthSettings): OAuthEndpoints | string {
  const preset = oauthPreset(settings.provider);
  const authorizationUrl = settings.authorizationUrl ?? preset?.authorizationUrl;
  const tokenUrl = settings.tokenUrl ?? preset?.tokenUrl;
  const scope = settings.scope ?? preset?.scope;
  if (authorizationUrl === undefined) return 'oauth.authorizationUrl is needed for a generic provider';
  if (tokenUrl === undefined) return 'oauth.tokenUrl is needed for a generic provider';
  if (scope === undefined) return 'oauth.scope is needed for a generic provider';
  const deviceAuthorizationUrl = settings.deviceAuthorizationUrl ?? preset?.deviceAuthorizationUrl;
  const urls = {
    authorizationUrl,
    tokenUrl,
    ...(deviceAuthorizationUrl !== undefined ? { deviceAuthorizationUrl } : {}),
  };
  for (const [field, value] of Object.entries(urls)) {
    const problem = endpointProblem(value);
    if (problem) return `oauth.${field} ${problem}`;
  }
  const issuer = settings.authorizationUrl === undefined ? preset?.issuer : undefined;
  return {
    ...urls,
    scope,
    ...(issuer !== undefined ? { issuer } : {}),
    extraAuthorizationParams: preset?.extraAuthorizationParams ?? {},
  };
}

const OAUTH_MECHANISMS = new Set(['XOAUTH2', 'OAUTHBEARER']);

/** AuthMechs naming only XOAUTH2 / OAUTHBEARER: the password source yields an access token. */
export function asksOnlyForOAuth(authMechs: readonly string[]): boolean {
  return authMechs.length > 0 && authMechs.every((m) => OAUTH_MECHANISMS.has(m.toUpperCase()));
}

/** mbsync's way to OAuth: `AuthMechs XOAUTH2` (or OAUTHBEARER) only, and a PassCmd that prints an access token. */
export function usesTokenCommand(account: { authMechs: readonly string[]; password: { kind: string } }): boolean {
  return account.password.kind === 'command' && asksOnlyForOAuth(account.authMechs);
}

const SETTINGS_FIELDS = new Set([
  'kind',
  'provider',
  'clientId',
  'clientSecret',
  'authorizationUrl',
  'tokenUrl',
  'deviceAuthorizationUrl',
  'scope',
  'tokenStore',
]);

/** What is wrong with an `"kind": "oauth"` password entry of the config, or undefined. */
export function oauthSettingsProblem(v: Record<string, unknown>): string | undefined {
  if (!['google', 'microsoft', 'generic'].includes(v.provider as string)) {
    return 'provider must be one of google, microsoft, generic';
  }
  if (typeof v.clientId !== 'string' || v.clientId === '') return 'clientId must be a non-empty string';
  if (!['keyring', 'file'].includes(v.tokenStore as string)) return 'tokenStore must be keyring or file';
  const unknown = Object.keys(v).find((k) => !SETTINGS_FIELDS.has(k));
  if (unknown !== undefined) return `${unknown} is not an OAuth setting`;
  const texts = ['clientSecret', 'authorizationUrl', 'tokenUrl', 'deviceAuthorizationUrl', 'scope'].find(
    (k) => v[k] !== undefined && typeof v[k] !== 'string',
  );
  if (texts !== undefined) return `${texts} must be a string`;
  const endpoints = oauthEndpoints(v as unknown as OAuthSettings);
  return typeof endpoints === 'string' ? endpoints.replace(/^oauth\./, '') : undefined;
}

// Access tokens for signed-in accounts: kept in memory only, refreshed a minute before they
// expire, and once more when the IMAP server rejects one. One refresh at a time per account,
// shared by every connection that asks meanwhile, and across processes by a lock file (a rotated
// refresh token must not be used twice).
import { homedir } from 'node:os';
import * as oauth from 'oauth4webapi';
import type { OAuthSettings } from '../../config/oauth-providers.js';
import type { AccountConfig } from '../../config/types.js';
import { oauthClient, tokenSetOf, type TokenSet } from './oauth-client.js';
import { shellWord } from '../../text/shell-word.js';
import { OAuthError } from './oauth-errors.js';
import { lockRefresh } from './refresh-lock.js';
import { tokenStore, type TokenStore } from './token-store.js';

export interface OAuthAccount {
  name: string;
  oauth: OAuthSettings;
  /** The account's state directory (for the token file store). */
  stateDir: string;
  /** The account's Timeout for each request to the provider; 0 = none. */
  timeoutMs: number;
}

/** The account's sign-in, when it signs in with OAuth (`"kind": "oauth"`). */
export function oauthAccountOf(account: AccountConfig): OAuthAccount | undefined {
  if (account.password.kind !== 'oauth') return undefined;
  const { kind: _kind, ...oauth } = account.password;
  return { name: account.name, oauth, stateDir: account.stateDir, timeoutMs: account.timeoutSeconds * 1000 };
}

export interface AccessTokenOptions {
  home: string;
  env: Record<string, string | undefined>;
  clock?: () => number;
  /** The token the server just rejected: it is dropped and a fresh one fetched (once per rejection). */
  rejected?: string;
  /**
   * The run's stop: a refresh waiting for another process's gives up. One under way is let finish
   * (within the Timeout), so the refresh token a rotating provider sends back is not lost.
   */
  signal?: AbortSignal;
  /**
   * Told, in one line, what the run should know and goes on despite: a rotated refresh token that
   * could not be stored. Without it, that failure ends the refresh as any other.
   */
  onNotice?: (message: string) => void;
}

/** Refresh this long before the provider's expiry, so a token never runs out during a login. */
export const REFRESH_MARGIN_MS = 60_000;

interface Cached {
  accessToken: string;
  expiresAt?: number;
}

const cached = new Map<string, Cached>();
const refreshing = new Map<string, Promise<Cached>>();
/** Rotated refresh tokens the store refused: the only ones the provider still takes, used by the next refresh. */
const unsaved = new Map<string, string>();

/** A refresh token from one client is no good with another: the cache is per account and client. */
const cacheKey = (account: OAuthAccount) =>
  JSON.stringify([account.name, account.oauth.clientId, account.oauth.tokenUrl ?? account.oauth.provider]);

function storeFor(account: OAuthAccount, opts: AccessTokenOptions) {
  return tokenStore({
    account: account.name,
    kind: account.oauth.tokenStore,
    stateDir: account.stateDir,
    home: opts.home,
    env: opts.env,
  });
}

/** The longest a refresh may hold the lock: its request, then the store's (secret-tool's 30 s). */
const refreshHoldMs = (account: OAuthAccount) => (account.timeoutMs === 0 ? Infinity : account.timeoutMs + 30_000);

/** Refreshes under the account's refresh lock: the refresh token read is the last one stored. */
async function refresh(account: OAuthAccount, opts: AccessTokenOptions): Promise<Cached> {
  const lock = await lockRefresh(account.stateDir, account.name, refreshHoldMs(account), opts.signal);
  try {
    return await refreshLocked(account, opts);
  } finally {
    await lock.release();
  }
}

async function refreshLocked(account: OAuthAccount, opts: AccessTokenOptions): Promise<Cached> {
  const clock = opts.clock ?? Date.now;
  const store = storeFor(account, opts);
  const refreshToken = unsaved.get(cacheKey(account)) ?? (await store.load());
  if (refreshToken === undefined) {
    throw new OAuthError('OAUTH_SIGN_IN_AGAIN', `not signed in yet: mailkeep login ${shellWord(account.name)}`);
  }
  const setup = oauthClient(account.name, account.oauth, { timeoutMs: account.timeoutMs });
  const { as, client, auth } = setup;
  const response = await setup.call(
    setup.endpoints.tokenUrl,
    async (options) =>
      oauth.processRefreshTokenResponse(
        as,
        client,
        await oauth.refreshTokenGrantRequest(as, client, auth, refreshToken, options),
      ),
    true,
  );
  const tokens = tokenSetOf(response, clock());
  // Providers that rotate refresh tokens (Microsoft) invalidate the old one: the new one is stored
  // before the access token goes to any connection.
  const rotated = tokens.refreshToken !== undefined && tokens.refreshToken !== refreshToken;
  // A provider that does not rotate sends none back: the one kept in memory is still the one to store.
  if (rotated || unsaved.has(cacheKey(account)))
    await keepRotated(account, store, tokens.refreshToken ?? refreshToken, opts);
  return tokens;
}

/** Stores a rotated refresh token; one the store refuses is kept in memory and said, and the run goes on. */
async function keepRotated(account: OAuthAccount, store: TokenStore, refreshToken: string, opts: AccessTokenOptions) {
  const key = cacheKey(account);
  try {
    await store.save(refreshToken);
    unsaved.delete(key);
  } catch (error) {
    if (opts.onNotice === undefined) throw error;
    unsaved.set(key, refreshToken);
    const why = error instanceof Error ? error.message : String(error);
    opts.onNotice(
      `${why}: the renewed sign-in is kept in memory for this run only; fix that, or sign in again after it`,
    );
  }
}

/** A usable access token for the account: from memory while it is fresh, else refreshed. */
export async function oauthAccessToken(account: OAuthAccount, opts: AccessTokenOptions): Promise<string> {
  const key = cacheKey(account);
  const clock = opts.clock ?? Date.now;
  const current = cached.get(key);
  if (current !== undefined && opts.rejected === current.accessToken) cached.delete(key);
  const fresh = cached.get(key);
  if (fresh !== undefined && (fresh.expiresAt ?? Infinity) - REFRESH_MARGIN_MS > clock()) return fresh.accessToken;
  let pending = refreshing.get(key);
  if (pending === undefined) {
    pending = refresh(account, opts).finally(() => refreshing.delete(key));
    refreshing.set(key, pending);
  }
  const tokens = await pending;
  cached.set(key, tokens);
  return tokens.accessToken;
}

/** After a sign-in: the refresh token goes to the store, the access token is kept for this process. */
export async function keepSignIn(account: OAuthAccount, tokens: TokenSet, opts: AccessTokenOptions): Promise<string> {
  if (tokens.refreshToken === undefined) {
    throw new OAuthError(
      'OAUTH_ENDPOINT',
      account.oauth.provider === 'microsoft'
        ? 'the provider gave no refresh token (the scope needs offline_access)'
        : 'the provider gave no refresh token, so mailkeep could not stay signed in',
    );
  }
  const store = storeFor(account, opts);
  // Under the refresh lock: a refresh of the old sign-in under way (a sync) stores its rotated
  // token first, and one that starts later reads this one.
  const lock = await lockRefresh(account.stateDir, account.name, refreshHoldMs(account), opts.signal);
  try {
    await store.save(tokens.refreshToken);
  } finally {
    await lock.release();
  }
  unsaved.delete(cacheKey(account));
  cached.set(cacheKey(account), {
    accessToken: tokens.accessToken,
    ...(tokens.expiresAt !== undefined ? { expiresAt: tokens.expiresAt } : {}),
  });
  return store.where;
}

/** Before a sign-in: a keyring that cannot be reached is said now, not after the user signed in for nothing. */
export async function checkKeyring(account: OAuthAccount, opts: AccessTokenOptions): Promise<void> {
  if (account.oauth.tokenStore === 'keyring') await storeFor(account, opts).load();
}

/** Forgets every access token held in memory (tests; a new sign-in replaces one per account anyway). */
export function forgetAccessTokens(): void {
  cached.clear();
  unsaved.clear();
}

/**
 * An access token for an OAuth account with the process's environment: fresh from memory, or
 * refreshed with the stored sign-in. `rejected` is the token the IMAP server just refused.
 */
export function accountAccessToken(account: OAuthAccount, opts: Partial<AccessTokenOptions> = {}): Promise<string> {
  return oauthAccessToken(account, { ...opts, env: opts.env ?? process.env, home: opts.home ?? homedir() });
}

// Every way a sign-in or a token refresh fails, as one line naming the thing at fault. Built from
// what we know (host, error code), never from a response body or a token.
import * as oauth from 'oauth4webapi';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { shellWord } from '../../text/shell-word.js';
import { SyncError } from '../errors.js';
import type { RetryClass, SyncErrorCode } from '../events.js';

export type OAuthErrorCode = Extract<SyncErrorCode, `OAUTH_${string}`>;

export class OAuthError extends SyncError {
  constructor(code: OAuthErrorCode, message: string, retry: RetryClass = 'final') {
    super(code, 'account', retry, message);
    this.name = 'OAuthError';
  }
}

export function signInAgain(account: string): OAuthError {
  return new OAuthError('OAUTH_SIGN_IN_AGAIN', `sign in again: mailkeep login ${shellWord(account)}`);
}

export function deviceCodeExpired(): OAuthError {
  return new OAuthError(
    'OAUTH_DEVICE_CODE_EXPIRED',
    'the sign-in code expired before it was entered; run mailkeep login again',
  );
}

const clean = (text: string, max = 120) => sanitizeForTerminal(text).replace(/\s+/g, ' ').slice(0, max);

export interface FailureContext {
  account: string;
  clientId: string;
  /** The endpoint that was asked, for the message. */
  url: string;
  /** Refreshing a stored token: `invalid_grant` means the sign-in is gone. */
  refreshing?: boolean;
  /** The request's time limit, for the message when it ran out. */
  timeoutMs?: number;
}

/**
 * A refresh answered so wants the user back: the sign-in is revoked or expired (invalid_grant), or
 * the provider now asks for something only a browser can give (Microsoft's interaction_required
 * when multi-factor authentication becomes mandatory; OpenID's consent_required, login_required).
 */
const SIGN_IN_AGAIN = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);

/** RFC 6749 §5.2's answers of a provider that will take the request later (Microsoft's throttling among them). */
const BUSY = new Set(['temporarily_unavailable', 'server_error']);

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code ?? (error as { code?: string }).code;
}

/** Turns what oauth4webapi or fetch threw at a token/device endpoint into an OAuthError. */
export function endpointFailure(error: unknown, ctx: FailureContext): OAuthError {
  if (error instanceof OAuthError) return error;
  const host = new URL(ctx.url).host;
  const name = (error as { name?: unknown }).name;
  if (name === 'TimeoutError') {
    return new OAuthError('OAUTH_ENDPOINT', `no answer from ${host} within ${(ctx.timeoutMs ?? 0) / 1000} s`, 'wait');
  }
  if (name === 'AbortError') return new OAuthError('OAUTH_TIMEOUT', 'sign-in cancelled');
  if (error instanceof oauth.ResponseBodyError) {
    if (ctx.refreshing && SIGN_IN_AGAIN.has(error.error)) return signInAgain(ctx.account);
    if (error.status === 429 || BUSY.has(error.error)) {
      return new OAuthError('OAUTH_ENDPOINT', `${host} is busy, try again later (${clean(error.error, 40)})`, 'wait');
    }
    if (error.error === 'invalid_client' || error.error === 'unauthorized_client') {
      return new OAuthError(
        'OAUTH_CLIENT_REJECTED',
        `${host} does not accept client ID '${clean(ctx.clientId, 80)}' (${error.error})`,
      );
    }
    if (error.error === 'access_denied') {
      return new OAuthError('OAUTH_CONSENT_DENIED', 'sign-in was declined (access_denied)');
    }
    if (error.error === 'expired_token') return deviceCodeExpired();
    const described = error.error_description ? `: ${clean(error.error_description)}` : '';
    return new OAuthError('OAUTH_ENDPOINT', `${host} refused the request (${clean(error.error, 40)}${described})`);
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError && error.status === 401) {
    return new OAuthError(
      'OAUTH_CLIENT_REJECTED',
      `${host} does not accept client ID '${clean(ctx.clientId, 80)}' (HTTP 401)`,
    );
  }
  const response = (error as { cause?: unknown }).cause;
  if (error instanceof oauth.OperationProcessingError && response instanceof Response) {
    // An HTML error page, a proxy's login page, a 5xx: the endpoint is not answering as OAuth.
    const type = response.headers.get('content-type')?.split(';')[0] || 'no content type';
    return new OAuthError(
      'OAUTH_ENDPOINT',
      `${host} did not answer like an OAuth endpoint (HTTP ${response.status}, ${clean(type, 40)})`,
      'wait',
    );
  }
  if (error instanceof oauth.OperationProcessingError || error instanceof oauth.UnsupportedOperationError) {
    return new OAuthError('OAUTH_ENDPOINT', `${host} sent an answer mailkeep cannot use: ${clean(error.message)}`);
  }
  const code = networkCode(error);
  if (error instanceof TypeError || code !== undefined) {
    return new OAuthError('OAUTH_ENDPOINT', `cannot reach ${host}${code ? ` (${clean(code, 30)})` : ''}`, 'wait');
  }
  return new OAuthError('OAUTH_ENDPOINT', `${host}: ${clean(error instanceof Error ? error.message : String(error))}`);
}

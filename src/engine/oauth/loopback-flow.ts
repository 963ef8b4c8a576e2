// Sign-in with a browser (RFC 8252): authorization code with PKCE (S256), redirected to a one-shot
// HTTP listener on 127.0.0.1 at a port the system picks. The first redirect that carries `code`,
// `error` or `state` ends the wait: a wrong `state` is an error, not something to wait past.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oauth from 'oauth4webapi';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { OAuthError } from './oauth-errors.js';
import { tokenSetOf, type OAuthClient, type RequestOptions, type TokenSet } from './oauth-client.js';
import { errnoWords } from '../../text/errno-words.js';

export interface BrowserSignInOptions {
  /** Shown to the user (and opened in a browser where there is one) with the time left. */
  onUrl(url: string, deadline: number): void;
  /** Passed to the provider so the right account is preselected. */
  loginHint?: string;
  timeoutMs?: number;
  signal?: AbortSignal;
  clock?: () => number;
}

const PAGE = (title: string, text: string) =>
  `<!doctype html><meta charset="utf-8"><title>${title}</title><h1>${title}</h1><p>${text}</p>`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function authorizationUrl(
  setup: OAuthClient,
  redirectUri: string,
  challenge: string,
  state: string,
  loginHint?: string,
): string {
  const url = new URL(setup.endpoints.authorizationUrl);
  const params = {
    response_type: 'code',
    client_id: setup.client.client_id,
    redirect_uri: redirectUri,
    scope: setup.endpoints.scope,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    ...(loginHint ? { login_hint: loginHint } : {}),
    ...setup.endpoints.extraAuthorizationParams,
  };
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

/**
 * The server the redirect must come from. A redirect may name its issuer (RFC 9207): for a provider
 * whose issuer is not known ahead, one on the authorization endpoint's own origin is taken (Keycloak
 * names its realm, https://host/realms/NAME); one elsewhere is the mix-up the check is there for.
 */
function issuingServer(setup: OAuthClient, params: URLSearchParams): oauth.AuthorizationServer {
  const iss = params.get('iss');
  if (iss === null || setup.endpoints.issuer !== undefined || !URL.canParse(iss)) return setup.as;
  const sameOrigin = new URL(iss).origin === new URL(setup.endpoints.authorizationUrl).origin;
  return sameOrigin ? { ...setup.as, issuer: iss } : setup.as;
}

/** The redirect's parameters, checked (state, issuer, error) by oauth4webapi; a failure as an OAuthError. */
function checkRedirect(setup: OAuthClient, params: URLSearchParams, state: string): URLSearchParams {
  try {
    return oauth.validateAuthResponse(issuingServer(setup, params), setup.client, params, state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      if (error.error === 'access_denied') {
        return fail('OAUTH_CONSENT_DENIED', 'sign-in was declined in the browser (access_denied)');
      }
      if (error.error === 'unauthorized_client' || error.error === 'invalid_client') {
        return fail(
          'OAUTH_CLIENT_REJECTED',
          `the provider does not accept client ID '${setup.client.client_id}' (${error.error})`,
        );
      }
      return fail(
        'OAUTH_ENDPOINT',
        `the provider refused the sign-in (${sanitizeForTerminal(error.error).slice(0, 40)})`,
      );
    }
    if (error instanceof Error && /state/.test(error.message)) {
      const problem = 'the browser came back with a state that does not match this sign-in; nothing was stored';
      return fail('OAUTH_STATE_MISMATCH', `${problem}, run mailkeep login again`);
    }
    const reason = error instanceof Error ? error.message : 'invalid';
    return fail('OAUTH_ENDPOINT', `the browser came back with an answer mailkeep cannot use (${reason})`);
  }
}

function fail(code: ConstructorParameters<typeof OAuthError>[0], message: string): never {
  throw new OAuthError(code, message);
}

interface Redirect {
  params: URLSearchParams;
  /** Answers the browser's request with a short page once the outcome is known. */
  respond(title: string, text: string): void;
}

/** Waits for the browser's redirect to a listener on 127.0.0.1; the listener is closed when it comes. */
function waitForRedirect(options: BrowserSignInOptions, onListening: (port: number) => void): Promise<Redirect> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  return new Promise((resolve, reject) => {
    let settled = false;
    const server = createServer((req: IncomingMessage, res: ServerResponse) => {
      const params = new URL(req.url ?? '/', 'http://127.0.0.1').searchParams;
      if (settled || !['code', 'error', 'state'].some((k) => params.has(k))) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
        return;
      }
      finish(() =>
        resolve({
          params,
          respond: (title, text) =>
            res
              .writeHead(200, { 'content-type': 'text/html; charset=utf-8', connection: 'close' })
              .end(PAGE(title, escapeHtml(text))),
        }),
      );
    });
    const timer = setTimeout(
      () =>
        finish(() =>
          reject(
            new OAuthError(
              'OAUTH_TIMEOUT',
              `no answer from the browser within ${Math.round(timeoutMs / 1000)} s; run mailkeep login again`,
            ),
          ),
        ),
      timeoutMs,
    );
    const onAbort = () => finish(() => reject(new OAuthError('OAUTH_TIMEOUT', 'sign-in cancelled')));
    options.signal?.addEventListener('abort', onAbort, { once: true });
    function finish(settle: () => void) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      server.close();
      settle();
    }
    server.on('error', (error: NodeJS.ErrnoException) =>
      finish(() => reject(new OAuthError('OAUTH_ENDPOINT', `cannot listen on 127.0.0.1: ${errnoWords(error.code)}`))),
    );
    server.listen(0, '127.0.0.1', () => onListening((server.address() as AddressInfo).port));
  });
}

export async function signInWithBrowser(setup: OAuthClient, options: BrowserSignInOptions): Promise<TokenSet> {
  const clock = options.clock ?? Date.now;
  const verifier = oauth.generateRandomCodeVerifier();
  const challenge = await oauth.calculatePKCECodeChallenge(verifier);
  const state = oauth.generateRandomState();
  let redirectUri = '';
  const redirect = await waitForRedirect(options, (port) => {
    redirectUri = `http://127.0.0.1:${port}/`;
    options.onUrl(
      authorizationUrl(setup, redirectUri, challenge, state, options.loginHint),
      clock() + (options.timeoutMs ?? 5 * 60_000),
    );
  });
  try {
    const checked = checkRedirect(setup, redirect.params, state);
    const { as, client, auth } = setup;
    const exchange = async (requestOptions: RequestOptions) =>
      oauth.processAuthorizationCodeResponse(
        as,
        client,
        await oauth.authorizationCodeGrantRequest(as, client, auth, checked, redirectUri, verifier, requestOptions),
      );
    const response = await setup.call(setup.endpoints.tokenUrl, exchange);
    redirect.respond('Signed in', 'mailkeep is signed in. You can close this tab.');
    return tokenSetOf(response, clock());
  } catch (error) {
    redirect.respond('Sign-in failed', error instanceof Error ? error.message : 'sign-in failed');
    throw error;
  }
}

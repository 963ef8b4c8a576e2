// What the OAuth test server (oauth-server.ts) keeps between requests: the codes and tokens it
// handed out, its counts, and how its token endpoint answers now; and the answers it writes.
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/** `silent`: the request is read and never answered (a provider hanging behind a proxy). */
export type TokenEndpointMode = 'ok' | 'down' | 'html' | 'silent';

export type OAuthCounts = Record<
  'authorization_code' | 'refresh_token' | 'device_code' | 'tokeninfoOk' | 'tokeninfoRejected',
  number
>;

/** A canned answer to token requests, `times` times or until taken off. */
export type CannedTokenAnswer = { status: number; body: unknown; times?: number } | undefined;

export interface PendingCode {
  clientId: string;
  redirectUri: string;
  challenge: string;
  scope: string;
}

export interface Device {
  deviceCode: string;
  state: 'pending' | 'approved' | 'denied' | 'expired';
  scope: string;
}

export interface OAuthServerState {
  clientId: string;
  /** When set, token requests must carry it (client_secret_post). */
  clientSecret?: string;
  email: string;
  accessTokenSeconds: number;
  deviceIntervalSeconds: number;
  deviceExpiresSeconds: number;
  /** The server's URL, once it listens. */
  base: string;
  issued: string[];
  counts: OAuthCounts;
  consents: Map<string, PendingCode & { state: string | null }>;
  codes: Map<string, PendingCode>;
  accessTokens: Map<string, { expiresAt: number }>;
  refreshTokens: Set<string>;
  /** By user code. */
  devices: Map<string, Device>;
  mode: TokenEndpointMode;
  delayMs: number;
  shape: (body: Record<string, unknown>) => Record<string, unknown>;
  answer: CannedTokenAnswer;
  slowDowns: number;
}

/** A new code or token, kept in `issued`. */
export function issue(state: OAuthServerState, prefix: string): string {
  const value = `${prefix}-${randomBytes(24).toString('base64url')}`;
  state.issued.push(value);
  return value;
}

export function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

export function html(res: ServerResponse, status: number, body: string): void {
  res
    .writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
    .end(`<!doctype html><html><body>${body}</body></html>`);
}

// A tiny OAuth2 token-info endpoint on 127.0.0.1 for Dovecot's oauth2 passdb: Dovecot appends the
// token to `tokenInfoUrl`; a known token gets 200 {"email": USER}, anything else 401.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TokenEndpoint {
  /** Give to startDovecot({ oauth2: { tokenInfoUrl } }). */
  tokenInfoUrl: string;
  /** Tokens asked about so far, in order. */
  readonly asked: string[];
  allow(token: string, user: string): void;
  revoke(token: string): void;
  close(): Promise<void>;
}

export async function startTokenEndpoint(tokens: Record<string, string> = {}): Promise<TokenEndpoint> {
  const known = new Map(Object.entries(tokens));
  const asked: string[] = [];
  const answer = (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const bearer = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
    const token = url.searchParams.get('access_token') ?? bearer ?? '';
    asked.push(token);
    const user = known.get(token);
    response.writeHead(user === undefined ? 401 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(user === undefined ? { error: 'invalid_token' } : { email: user }));
  };
  const server = createServer(answer);
  // Dovecot keeps its connection for the next check: no keep-alive timeout to race it (oauth-server.ts).
  server.keepAliveTimeout = 0;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    tokenInfoUrl: `http://127.0.0.1:${port}/tokeninfo?access_token=`,
    asked,
    allow: (token, user) => known.set(token, user),
    revoke: (token) => known.delete(token),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

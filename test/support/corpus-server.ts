// One private Dovecot per test file, loaded with the tiny corpus, optionally behind the fault proxy;
// test accounts in fresh temp roots; engine passes that collect every event. Shared by the
// engine's Dovecot tests and the fault suite; everything is removed after the file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before } from 'node:test';
import type { AccountConfig } from '../../src/config/types.js';
import { createEngine, type EngineOptions } from '../../src/engine/engine.js';
import type { EngineEvent, SyncSummary } from '../../src/engine/events.js';
import { generateCorpus } from './corpus.js';
import { startDovecot, type DovecotOptions, type DovecotServer } from './dovecot.js';
import { startFaultProxy, type FaultProxy } from './fault-proxy.js';
import { loadCorpus } from './server-mail.js';

export interface CorpusServerOptions extends DovecotOptions {
  /** Start with empty mailboxes instead of the tiny corpus. */
  empty?: boolean;
  /** Also start the fault proxy in front of the plain port; its rules are cleared after each test. */
  proxy?: boolean;
}

export interface CorpusServer {
  readonly server: DovecotServer;
  /** Only with `{ proxy: true }`. */
  readonly proxy: FaultProxy;
  /** A new temp directory, removed after the file. */
  newRoot(): Promise<string>;
  /** An IMAPS account on the server's default user, stored under a new temp root. */
  account(overrides?: Partial<AccountConfig>): Promise<AccountConfig>;
  /** A cleartext account to 127.0.0.1:`port` (Dovecot's plain port or the proxy), everything under `root`. */
  plainAccount(root: string, port: number, overrides?: Partial<AccountConfig>): AccountConfig;
}

/**
 * Registers before/after hooks: start Dovecot (and the proxy) and load the corpus; stop them and
 * clean up. Node 20 runs a file's top-level `before` hooks concurrently, so another one must not
 * use `server` or `proxy`: seed the server in the test itself.
 */
export function useCorpusServer(options: CorpusServerOptions = {}): CorpusServer {
  const { empty = false, proxy: withProxy = false, ...dovecot } = options;
  let server: DovecotServer | undefined;
  let proxy: FaultProxy | undefined;
  const roots: string[] = [];
  before(async () => {
    server = await startDovecot(dovecot);
    if (!empty) await loadCorpus(server, generateCorpus('tiny'));
    if (withProxy) proxy = await startFaultProxy({ targetPort: server.imapPort });
  });
  afterEach(() => proxy?.clearRules());
  after(async () => {
    await proxy?.close();
    await server?.stop();
    await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })));
  });
  const corpus: CorpusServer = {
    get server() {
      if (server === undefined) throw new Error('Dovecot is not started yet');
      return server;
    },
    get proxy() {
      if (proxy === undefined)
        throw new Error(
          withProxy ? 'the fault proxy is not started yet' : 'useCorpusServer({ proxy: true }) starts the fault proxy',
        );
      return proxy;
    },
    async newRoot() {
      const root = await mkdtemp(join(tmpdir(), 'mailkeep-test-'));
      roots.push(root);
      return root;
    },
    async account(overrides = {}) {
      return testAccount(corpus.server, await corpus.newRoot(), overrides);
    },
    plainAccount(root, port, overrides = {}) {
      return testAccount(corpus.server, root, { port, tls: 'none', concurrency: 1, timeoutSeconds: 5, ...overrides });
    },
  };
  return corpus;
}

/** The local half of a test account: a Maildir tree and a state dir under `root`, archive mode. */
export function localSide(root: string) {
  return {
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
  } satisfies Partial<AccountConfig>;
}

function testAccount(server: DovecotServer, root: string, overrides: Partial<AccountConfig>): AccountConfig {
  return {
    name: 'test',
    host: server.host,
    port: server.imapsPort,
    tls: 'imaps',
    user: server.user.user,
    password: { kind: 'plain', password: server.user.password },
    certificateFile: server.caFile,
    systemCertificates: false,
    authMechs: [],
    ...localSide(root),
    timeoutSeconds: 10,
    ...overrides,
  };
}

type OnEvent = (event: EngineEvent, stop: () => void) => void;
type Pass = Promise<{ summary: SyncSummary; events: EngineEvent[] }>;

/** One engine pass, no retries; `onEvent` may stop the engine. */
export function runPass(account: AccountConfig, options: Partial<EngineOptions> = {}, onEvent?: OnEvent): Pass {
  return runAccounts([account], options, onEvent);
}

/** One engine pass over several accounts, no retries. */
export function runAccounts(accounts: AccountConfig[], options: Partial<EngineOptions> = {}, onEvent?: OnEvent): Pass {
  return pass(accounts, { maxAttempts: 1, ...options }, onEvent);
}

/** One pass with the engine's own retries and backoff jitter at its minimum (waits 0.5 s, 1 s, 2 s …): a bad server gets to recover. */
export function syncOnce(account: AccountConfig, options: Partial<EngineOptions> = {}): Pass {
  return pass([account], { random: () => 0, ...options });
}

async function pass(accounts: AccountConfig[], options: Partial<EngineOptions>, onEvent?: OnEvent): Pass {
  const engine = createEngine({ accounts, ...options });
  const events: EngineEvent[] = [];
  engine.subscribe((event) => {
    events.push(event);
    onEvent?.(event, () => void engine.stop());
  });
  const idle = engine.whenIdle();
  engine.resync();
  return { summary: await idle, events };
}

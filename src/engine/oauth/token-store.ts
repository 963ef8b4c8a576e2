// Where an account's refresh token is kept: the system keyring through `secret-tool` (the token
// goes in on stdin, never on a command line), or, only if the user chose it, a 0600 file in the
// account's XDG state directory. Nothing here ever prints or logs the token.
import { execFile } from 'node:child_process';
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { TOKEN_FILE, type TokenStoreKind } from '../../config/oauth-providers.js';
import { tildify } from '../../config/paths.js';
import { findExecutable } from '../credentials.js';
import { sanitizeForTerminal } from '../../text/sanitize.js';
import { OAuthError } from './oauth-errors.js';
import { replaceFile } from '../../maildir/index.js';
import { errnoWords } from '../../text/errno-words.js';

export interface TokenStore {
  /** Said to the user: where the token went. */
  readonly where: string;
  load(): Promise<string | undefined>;
  save(refreshToken: string): Promise<void>;
  clear(): Promise<void>;
}

export interface TokenStoreTarget {
  account: string;
  kind: TokenStoreKind;
  /** The account's state directory (absolute). */
  stateDir: string;
  home: string;
  env: Record<string, string | undefined>;
  timeoutMs?: number;
}

const storeError = (account: string, problem: string) =>
  new OAuthError('OAUTH_TOKEN_STORE', `account '${account}': ${problem}`);

function secretTool(
  args: string[],
  target: TokenStoreTarget,
  input?: string,
): Promise<{ status: number; stdout: string; stderr: string }> {
  const tool = findExecutable('secret-tool', target.env);
  if (tool === undefined) {
    throw storeError(
      target.account,
      'secret-tool is not installed (package libsecret-tools), or choose the token file store',
    );
  }
  return new Promise((resolve, reject) => {
    const child = execFile(
      tool,
      args,
      { env: target.env, timeout: target.timeoutMs ?? 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => {
        const status = typeof error?.code === 'number' ? error.code : error ? -1 : 0;
        if (error && (error.killed || status === -1)) {
          reject(storeError(target.account, 'the keyring (secret-tool) did not answer'));
        } else resolve({ status, stdout, stderr });
      },
    );
    // A tool that ends before reading (no D-Bus session: it exits at once) makes this write fail
    // with EPIPE; its exit status and stderr, in the callback, say what happened.
    child.stdin?.on('error', () => undefined);
    child.stdin?.end(input ?? '');
  });
}

/** secret-tool's last complaint, as one clean line. */
function toolMessage(stderr: string): string {
  const line = stderr.trim().split('\n').at(-1) ?? '';
  return sanitizeForTerminal(line).slice(0, 160);
}

function keyringStore(target: TokenStoreTarget): TokenStore {
  const attributes = ['service', 'mailkeep-oauth', 'account', target.account];
  return {
    where: 'the system keyring',
    async load() {
      const { status, stdout, stderr } = await secretTool(['lookup', ...attributes], target);
      // Not found is a silent exit 1; a keyring that cannot be reached (no D-Bus session under
      // cron or ssh) says why on stderr, and is not "not signed in".
      if (status !== 0 && stderr.trim() !== '') {
        throw storeError(target.account, `the keyring is not available (${toolMessage(stderr)})`);
      }
      const token = stdout.split('\n')[0] ?? '';
      return status === 0 && token !== '' ? token : undefined;
    },
    async save(refreshToken) {
      const label = `--label=mailkeep OAuth sign-in for ${target.account}`;
      const { status, stderr } = await secretTool(['store', label, ...attributes], target, refreshToken);
      if (status !== 0) {
        const why = stderr.trim() !== '' ? toolMessage(stderr) : `secret-tool exit status ${status}`;
        throw storeError(target.account, `the keyring refused to store the sign-in (${why})`);
      }
    },
    async clear() {
      await secretTool(['clear', ...attributes], target);
    },
  };
}

function fileStore(target: TokenStoreTarget): TokenStore {
  const file = path.join(target.stateDir, TOKEN_FILE);
  const shown = tildify(file, target.home);
  return {
    where: shown,
    async load() {
      const cannotRead = (error: NodeJS.ErrnoException) =>
        storeError(target.account, `cannot read ${shown}: ${errnoWords(error.code)}`);
      let mode: number;
      try {
        mode = (await stat(file)).mode;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw cannotRead(error as NodeJS.ErrnoException);
      }
      if ((mode & 0o077) !== 0) throw storeError(target.account, `${shown} is readable by others; run chmod 600 on it`);
      const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw cannotRead(error);
      });
      const token = text.trim();
      return token === '' ? undefined : token;
    },
    async save(refreshToken) {
      try {
        // On disk before it replaces the old token, which a rotating provider no longer takes.
        await replaceFile(file, `${refreshToken}\n`, { mode: 0o600, fsync: true });
      } catch (error) {
        // A MaildirError, with the system's error as its cause.
        const failure = ((error as { cause?: unknown }).cause ?? error) as NodeJS.ErrnoException;
        throw storeError(target.account, `cannot write ${shown} (${failure.code ?? 'error'})`);
      }
    },
    async clear() {
      await rm(file, { force: true });
    },
  };
}

export function tokenStore(target: TokenStoreTarget): TokenStore {
  return target.kind === 'file' ? fileStore(target) : keyringStore(target);
}

// A real terminal for end-to-end tests and screenshots: one private tmux server per session
// (its own socket in a temp dir, no user config), a fixed-size pane, keys in, screen text out.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { armReaper, shellWord } from './reaper.js';
import { ensureProgram } from './system-packages.js';

export interface TmuxOptions {
  /** Shell command line run in the pane (by /bin/sh). */
  command: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  columns?: number;
  rows?: number;
}

export interface WaitOptions {
  timeoutMs?: number;
  /** Poll interval. */
  everyMs?: number;
  /** Return the matching screen with its colour escapes (the check still sees plain text). */
  withColors?: boolean;
}

export interface TmuxSession {
  /** Key names as tmux knows them: 'q', 'Enter', 'Down', 'C-c', 'G'. */
  sendKeys(...keys: string[]): void;
  /** Literal text, typed character by character. */
  type(text: string): void;
  /** The visible pane as plain text, one line per row, trailing blanks trimmed. */
  screen(): string;
  /** The visible pane with colour escapes (SGR) and trailing blanks, for screenshots. */
  screenWithColors(): string;
  /** A tmux format about the pane, e.g. '#{alternate_on}'. */
  display(format: string): string;
  /** Polls until the screen passes `check`; returns that screen or throws with the last one. */
  waitFor(check: RegExp | ((screen: string) => boolean), what: string, options?: WaitOptions): Promise<string>;
  /** Waits for the `EXITED:<code>` line of a `reportingExit` command. */
  waitForExit(options?: WaitOptions): Promise<ProgramExit>;
  /** Kills the tmux server (and so the program in the pane) and removes its temp dir. */
  kill(): void;
}

export function stripSgr(text: string): string {
  return text.replace(/\x1b\[[0-9;:]*m/g, '');
}

/** Quotes one word for /bin/sh. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : shellWord(word);
}

/** A command line that runs `argv`, then prints `EXITED:<code>` and keeps the pane open. */
export function reportingExit(argv: string[]): string {
  return `${argv.map(shellQuote).join(' ')}; echo "EXITED:$?"; exec sleep 600`;
}

const MAILKEEP_BIN = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));

/** The built mailkeep (dist/ must be fresh) with `args`, reporting its exit code in the pane. */
export function mailkeepCommand(args: string[]): string {
  return reportingExit([process.execPath, MAILKEEP_BIN, ...args]);
}

export interface ProgramExit {
  code: number;
  /** The pane after the exit: the shell's screen once the program has left its own. */
  screen: string;
  alternateScreen: boolean;
}

export function startTmux(options: TmuxOptions): TmuxSession {
  const { tmux, kill } = privateServer(options.env ?? process.env);
  const columns = options.columns ?? 100;
  const rows = options.rows ?? 30;
  try {
    tmux([
      'new-session',
      '-d',
      '-s',
      'e2e',
      '-x',
      String(columns),
      '-y',
      String(rows),
      ...(options.cwd ? ['-c', options.cwd] : []),
      options.command,
    ]);
  } catch (err) {
    kill();
    throw err;
  }
  return paneSession(tmux, rows, kill);
}

type Tmux = (args: string[]) => string;

/** A tmux run on its own socket and config in a temp dir; `kill` ends the server and removes the dir. */
function privateServer(env: NodeJS.ProcessEnv): { tmux: Tmux; kill: () => void } {
  const tmuxPath = ensureProgram('tmux', 'tmux');
  const dir = mkdtempSync(join(tmpdir(), 'mailkeep-tmux-'));
  const socket = join(dir, 'sock');
  const config = join(dir, 'tmux.conf');
  // Armed before the server starts: a killed test leaves no tmux server, program or temp dir.
  const killServer = `${shellWord(tmuxPath)} -S ${shellWord(socket)} kill-server 2>/dev/null`;
  const reaper = armReaper(`${killServer}; rm -rf ${shellWord(dir)}`);
  // No status line, so the pane is exactly columns × rows; 256 colours so Ink's colours show.
  writeFileSync(config, 'set -g status off\nset -g default-terminal screen-256color\nset -g escape-time 0\n');
  const tmux: Tmux = (args) =>
    execFileSync(tmuxPath, ['-S', socket, '-f', config, ...args], {
      encoding: 'utf8',
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  let killed = false;
  const kill = (): void => {
    if (killed) return;
    killed = true;
    try {
      tmux(['kill-server']);
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
    reaper.disarm();
  };
  return { tmux, kill };
}

function paneSession(tmux: Tmux, rows: number, kill: () => void): TmuxSession {
  const target = ['-t', 'e2e'];
  const captureRows = (extra: string[]): string[] =>
    tmux(['capture-pane', '-p', ...extra, ...target])
      .split('\n')
      .slice(0, rows);
  const session: TmuxSession = {
    sendKeys: (...keys) => void tmux(['send-keys', ...target, ...keys]),
    type: (text) => void tmux(['send-keys', ...target, '-l', text]),
    screen: () =>
      captureRows([])
        .map((line) => line.trimEnd())
        .join('\n'),
    // -N keeps trailing blanks: an inverse bar padded to the edge must stay one.
    screenWithColors: () => captureRows(['-e', '-N']).join('\n'),
    display: (format) => tmux(['display-message', '-p', ...target, format]).trim(),
    waitFor: (check, what, options) => waitForScreen(session, check, what, options),
    async waitForExit(options) {
      const screen = await session.waitFor(/^EXITED:\d+$/m, 'the program to exit', options);
      const code = Number(/^EXITED:(\d+)$/m.exec(screen)![1]);
      return { code, screen, alternateScreen: session.display('#{alternate_on}') === '1' };
    },
    kill,
  };
  return session;
}

async function waitForScreen(
  session: TmuxSession,
  check: RegExp | ((screen: string) => boolean),
  what: string,
  { timeoutMs = 30_000, everyMs = 100, withColors = false }: WaitOptions = {},
): Promise<string> {
  const passes = typeof check === 'function' ? check : (s: string) => check.test(s);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    // One capture serves both, so the returned screen is the one that passed.
    const colored = withColors ? session.screenWithColors() : '';
    const last = withColors ? stripSgr(colored) : session.screen();
    if (passes(last)) return withColors ? colored : last;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the screen was:\n${last}`);
    }
    await sleep(everyMs);
  }
}

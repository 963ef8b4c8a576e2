// Opens a URL in the user's browser where there is one (a graphical session with xdg-open, or
// macOS); elsewhere the URL is only printed, and the device flow is the better choice.
import { spawn } from 'node:child_process';
import { findExecutable } from '../credentials.js';

function opener(env: Record<string, string | undefined>): string | undefined {
  if (process.platform === 'darwin') return 'open';
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return undefined;
  return findExecutable('xdg-open', env);
}

export function canOpenBrowser(env: Record<string, string | undefined>): boolean {
  return opener(env) !== undefined;
}

/** Starts the browser and does not wait for it; a failure to start leaves the printed URL. */
export function openInBrowser(url: string, env: Record<string, string | undefined>): void {
  const program = opener(env);
  if (program === undefined) return;
  const child = spawn(program, [url], { detached: true, stdio: 'ignore', env });
  child.on('error', () => undefined);
  child.unref();
}

// Where config tests point mailkeep instead of the user's own: a new home directory and an
// XDG_CONFIG_HOME beside it under one temp root, removed after the test.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PathEnv } from '../../src/config/paths.js';

export function tempHome(t: { after: (fn: () => void) => void }): PathEnv {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-home-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const home = path.join(root, 'home');
  mkdirSync(home);
  return { home, env: { XDG_CONFIG_HOME: path.join(root, 'xdg') } };
}

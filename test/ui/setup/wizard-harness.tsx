/** @jsxRuntime automatic @jsxImportSource react */
// The setup wizard rendered with ink-testing-library in a temp home: keys in, frames out.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import type { AccountConfig } from '../../../src/config/types.js';
import { KeyDispatcher } from '../../../src/ui/keys/KeyDispatcher.js';
import type { WizardSignIn } from '../../../src/ui/setup/OAuthSignIn.js';
import { SetupWizard } from '../../../src/ui/setup/SetupWizard.js';
import { waitUntil } from '../../support/wait-until.js';

export const ENTER = '\r';
export const ESC = '\u001b';
export const DOWN = '\u001b[B';
export const BACKSPACE = '\u007f';
export const CTRL_U = '\u0015';
export const CTRL_W = '\u0017';

export function setup(
  t: { after: (fn: () => void) => void },
  testLogin: (a: AccountConfig) => Promise<void>,
  initial?: (home: string, env: Record<string, string | undefined>) => AccountConfig,
  signIn?: WizardSignIn,
) {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-wizard-'));
  const home = path.join(root, 'home');
  const env = { XDG_CONFIG_HOME: path.join(root, 'xdg'), XDG_STATE_HOME: path.join(root, 'state') } as Record<
    string,
    string | undefined
  >;
  const done: AccountConfig[] = [];
  let cancelled = 0;
  const app = render(
    <KeyDispatcher>
      <SetupWizard
        home={home}
        env={env}
        keyringAvailable={false}
        testLogin={testLogin}
        {...(signIn ? { signIn } : {})}
        onDone={(a) => done.push(a)}
        onCancel={() => cancelled++}
        {...(initial ? { initial: initial(home, env) } : {})}
      />
    </KeyDispatcher>,
  );
  t.after(() => {
    app.unmount();
    rmSync(root, { recursive: true, force: true });
  });
  const frame = () => app.lastFrame() ?? '';
  /** Waits until the screen shows `text` (no fixed delays: polls the next frames). */
  const until = (text: string | RegExp | ((frame: string) => boolean)) =>
    waitUntil(
      () => {
        if (typeof text === 'string') return frame().includes(text);
        return typeof text === 'function' ? text(frame()) : text.test(frame());
      },
      () => `screen never showed ${String(text)}:\n${frame()}`,
    );
  // Ink subscribes key handlers in effects, which run just after a frame is drawn.
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((resolve) => setImmediate(resolve));
  };
  const type = async (keys: string, expect: string | RegExp | ((frame: string) => boolean)) => {
    await settle();
    app.stdin.write(keys);
    await until(expect);
  };
  return { home, env, done, cancelled: () => cancelled, frame, frames: () => app.frames, until, type };
}

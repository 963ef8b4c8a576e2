// Shared by the end-to-end tests in tmux: one demo world per test file, and the built mailkeep
// started in a real terminal inside it.
import { rmSync } from 'node:fs';
import { after, before } from 'node:test';
import { startDemoWorld, type DemoOptions, type DemoWorld } from './demo-setup.js';
import { mailkeepCommand, startTmux, type TmuxSession } from './tmux.js';

export interface DemoFixture {
  readonly world: DemoWorld;
  /** The built mailkeep with `args` in a 100×30 pane, in the world's directory and environment. */
  mailkeep(args: string[]): TmuxSession;
}

/** Registers before/after hooks: start the demo world; stop its server and remove its files. */
export function useDemoWorld(options: DemoOptions): DemoFixture {
  let world: DemoWorld | undefined;
  before(async () => {
    world = await startDemoWorld(options);
  });
  after(async () => {
    await world?.server.stop();
    if (world) rmSync(world.dir, { recursive: true, force: true });
  });
  return {
    get world() {
      if (world === undefined) throw new Error('the demo world is not started yet');
      return world;
    },
    mailkeep(args) {
      // CI=true as on a CI runner: the full-screen app must still draw live there.
      const env = { ...this.world.env, CI: 'true' };
      return startTmux({ command: mailkeepCommand(args), cwd: this.world.dir, env, columns: 100, rows: 30 });
    },
  };
}

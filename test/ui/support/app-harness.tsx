/** @jsxRuntime automatic @jsxImportSource react */
// The whole app shell on a scripted engine, in a fake 80×24 terminal by default.

import { createProgressStore, type ProgressStore } from '../../../src/engine/progress-store.js';
import { AppContainer } from '../../../src/ui/app/AppContainer.js';
import type { ReaderComponent, ReaderRoot } from '../../../src/ui/reader/reader-props.js';
import { renderSized, type SizedRender } from './render-sized.js';
import { ScriptedEngine } from './scripted-engine.js';

export interface AppHarness extends SizedRender {
  engine: ScriptedEngine;
  store: ProgressStore;
  exitCodes: number[];
  dispose(): void;
}

export function renderApp(
  options: {
    Reader?: ReaderComponent;
    roots?: ReaderRoot[];
    noColor?: boolean;
    bell?: boolean;
    columns?: number;
    rows?: number;
  } = {},
): AppHarness {
  const engine = new ScriptedEngine();
  const store = createProgressStore(engine, { intervalMs: 0 });
  const exitCodes: number[] = [];
  const view = renderSized(
    <AppContainer
      store={store}
      engine={engine}
      roots={options.roots ?? [{ account: 'gmail', path: '/tmp/none' }]}
      logPath="/home/u/.local/state/mailkeep/mailkeep.log"
      Reader={options.Reader}
      noColor={options.noColor}
      bell={options.bell}
      onExit={(code) => exitCodes.push(code)}
    />,
    options.columns ?? 80,
    options.rows ?? 24,
  );
  return {
    ...view,
    engine,
    store,
    exitCodes,
    dispose() {
      view.unmount();
      store.dispose();
    },
  };
}

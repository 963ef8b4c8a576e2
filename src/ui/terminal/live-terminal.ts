// Ink decides once, when it is first loaded, whether it runs under CI ($CI, via is-in-ci), and
// there it draws only the last frame: the full-screen app would stay blank. The app only ever
// runs on a terminal (run-app checks isTTY), so the modules that load Ink are loaded through
// `loadLive`, with CI hidden; the variables are put back right after for the programs mailkeep
// runs (PassCmd). A dynamic import, not an import first in a file: in the bundle Ink's chunk is
// evaluated before any module that imports it.
import process from 'node:process';

export async function loadLive<T>(load: () => Promise<T>): Promise<T> {
  const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].map((name) => [name, process.env[name]] as const);
  for (const [name] of hidden) delete process.env[name];
  try {
    return await load();
  } finally {
    for (const [name, value] of hidden) if (value !== undefined) process.env[name] = value;
  }
}

// Ink decides once, when it is first loaded, whether it runs under CI ($CI, via is-in-ci), and
// there it draws only the last frame: the full-screen app would stay blank. The app only ever
// runs on a terminal (run-app checks isTTY), so Ink is loaded with CI hidden; the variables are
// put back right after for the programs mailkeep runs (PassCmd). Import this before 'ink'.
import process from 'node:process';

const hidden = ['CI', 'CONTINUOUS_INTEGRATION'].map((name) => [name, process.env[name]] as const);
for (const [name] of hidden) delete process.env[name];
await import('ink');
for (const [name, value] of hidden) if (value !== undefined) process.env[name] = value;

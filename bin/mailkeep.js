#!/usr/bin/env node
// Thin launcher: the program lives in dist/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('mailkeep: dist/ is missing; run `npm install` (or `npm run build`) in the mailkeep directory\n');
  process.exit(2);
}
try {
  const { main } = await import(entry.href);
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // Every expected failure is handled inside main(); this is a bug, still shown as one line.
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mailkeep: internal error: ${message.split('\n')[0]}\n`);
  process.exitCode = 2;
}

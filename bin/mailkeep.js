#!/usr/bin/env node
// Thin launcher: the program lives in dist/bundle/ (built by `npm install` via the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

// React's development build (the default without NODE_ENV) loads and renders several times slower.
process.env.NODE_ENV ??= 'production';

// A reader that went away (`mailkeep sync --json | head`): end as Unix tools do on SIGPIPE (128 + 13),
// with no stack trace. Mail is safe: a message is only ever visible after its rename.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(141);
    throw error;
  });
}

// A bug that escapes as an unhandled rejection or exception is one line too, not Node's dump of
// the error (which can hold every message body in flight). The app has its own guard, which
// restores the screen first: it is left to that one.
const tellInternalError = (error) => {
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`mailkeep: internal error: ${message.split('\n')[0]}\n`);
};
const escaped = (error) => {
  if (process.listenerCount('unhandledRejection') > 1) return;
  tellInternalError(error);
  process.exit(2);
};
process.on('unhandledRejection', escaped);
process.on('uncaughtException', escaped);

const entry = new URL('../dist/bundle/cli.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'mailkeep: dist/bundle/ is missing; run `npm install` (or `npm run build`) in the mailkeep directory\n',
  );
  process.exit(2);
}
try {
  const { prepare } = await import(entry.href);
  const run = await prepare(process.argv.slice(2));
  // A sync pass is mostly over in a second or two: by default V8 spends a third of that process's
  // CPU optimizing code that has already run its course. Optimizing later (8× the interrupt budget)
  // leaves that to what really is hot, such as the parsing loops of a long first download. Set
  // once the command's modules are loaded: while any V8 flag differs from its default, V8 refuses
  // Node's built-in code cache, and each Node module loaded then is compiled from its source.
  v8.setFlagsFromString('--interrupt-budget=1048576');
  process.exitCode = await run();
} catch (error) {
  // Every expected failure is handled inside main(); this is a bug, still shown as one line.
  tellInternalError(error);
  process.exitCode = 2;
}

// Bundles tsc's output (dist/) into dist/bundle/, which bin/mailkeep.js runs: the command line and
// the index worker as entries, the code they share in chunks beside them (a command's own modules
// still load only when it runs). Node 20 resolves, reads and compiles every ES module file on its
// own; from ~400 files (Ink, React, mailparser, ours) that was most of a warm reader's start-up.
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';

// Two first-frame costs in Ink's dependencies, each paid once per start, edited out of the bundle.
// The build fails if an edit finds its text nowhere (a dependency update would lose it unseen).
const EDITS = [
  {
    // Yoga (Ink's layout) fetches its WebAssembly from a data: URL, which first loads all of
    // Node's fetch (undici): ~50 ms. With no fetch in its scope it decodes the same bytes itself.
    file: /yoga-layout[\\/]dist[\\/]binaries[\\/]yoga-wasm-base64-esm\.js$/,
    from: 'var loadYoga = (() => {',
    to: 'const fetch = undefined;\nvar loadYoga = (() => {',
  },
  {
    // string-width tests every non-ASCII grapheme against /^\p{RGI_Emoji}$/v, which V8 takes
    // ~60 ms to compile on first use. An RGI emoji always holds a non-ASCII character and one
    // with the Emoji property: only such a grapheme needs the full test (same answers).
    file: /string-width[\\/]index\.js$/,
    from: 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
    to: `let fullRgiEmojiRegex;
const rgiEmojiRegex = {
  test: (text) =>
    /[^\\x00-\\x7F]/.test(text) && /\\p{Emoji}/u.test(text) && (fullRgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(text),
};`,
  },
];

const made = new Set();
const editDependencies = {
  name: 'edit-dependencies',
  setup(bundle) {
    for (const edit of EDITS) {
      bundle.onLoad({ filter: edit.file }, async (file) => {
        const text = await readFile(file.path, 'utf8');
        if (!text.includes(edit.from)) return undefined; // another version (wrap-ansi has its own string-width)
        made.add(edit);
        return { contents: text.replace(edit.from, () => edit.to), loader: 'js' };
      });
    }
    bundle.onEnd(() => {
      const missed = EDITS.filter((edit) => !made.has(edit)).map((edit) => `"${edit.from}"`);
      if (missed.length) throw new Error(`bundle: not found in the dependencies: ${missed.join(', ')}`);
    });
  },
};

await rm('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { cli: 'dist/cli.js', 'index-worker': 'dist/archive/index-worker.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // A native addon; and Ink's devtools, imported only when DEV=true and not installed.
  external: ['better-sqlite3', 'react-devtools-core'],
  // CommonJS dependencies call require() for Node's own modules; in an ES module it has to be made.
  banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  minifySyntax: true,
  plugins: [editDependencies],
  logLevel: 'warning',
});

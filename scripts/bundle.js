// Bundles tsc's output (dist/) into dist/bundle/, which bin/mailkeep.js runs: the command line and
// the index worker as entries, the code they share in chunks beside them (a command's own modules
// still load only when it runs). Node 20 resolves, reads and compiles every ES module file on its
// own; from ~400 files (Ink, React, mailparser, ours) that was most of a warm reader's start-up.
import { readFile, rm } from 'node:fs/promises';
import { build } from 'esbuild';
import { EDITS } from './bundle-edits.js';

const made = new Set();
const editDependencies = {
  name: 'edit-dependencies',
  setup(bundle) {
    // One callback for every edited file: esbuild takes the contents of the first one that answers.
    const files = new RegExp(EDITS.map((edit) => edit.file.source).join('|'));
    bundle.onLoad({ filter: files }, async (file) => {
      let text = await readFile(file.path, 'utf8');
      const edits = EDITS.filter((edit) => edit.file.test(file.path) && text.includes(edit.from));
      if (!edits.length) return undefined; // another version (wrap-ansi has its own string-width)
      for (const edit of edits) {
        made.add(edit);
        text = text.replace(edit.from, () => edit.to);
      }
      return { contents: text, loader: 'js' };
    });
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
  // React and its reconciler choose their development or production build by NODE_ENV when they
  // load; bin/mailkeep.js sets production. Fixed here, the development builds (~740 kB that every
  // start parsed) are left out.
  define: { 'process.env.NODE_ENV': '"production"' },
  minifySyntax: true,
  plugins: [editDependencies],
  logLevel: 'warning',
});

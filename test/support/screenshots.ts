// `npm run screenshots`: runs the real app in tmux against the demo server and saves what the
// terminal shows as PNGs under screenshots/ (capture-pane's colours → HTML → headless Chromium).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { terminalPageHtml } from './ansi-html.js';
import { startDemoWorld } from './demo-setup.js';
import { ensurePackageFile, ensureProgram } from './system-packages.js';
import { mailkeepCommand, startTmux, type TmuxSession } from './tmux.js';

const COLUMNS = 100;
const ROWS = 30;
// Matches the page's CSS: 14px DejaVu Sans Mono (0.602em advance), 18px rows, 16px/14px padding.
const PAGE_WIDTH = Math.ceil(COLUMNS * 14 * 0.602) + 32;
const PAGE_HEIGHT = ROWS * 18 + 28;

const root = fileURLToPath(new URL('../../', import.meta.url));
const outDir = join(root, 'screenshots');

function renderPng(chromium: string, screen: string, name: string, scratch: string): void {
  const html = join(scratch, `${name}.html`);
  writeFileSync(html, terminalPageHtml({ screen, columns: COLUMNS, rows: ROWS, title: `mailkeep: ${name}` }));
  const png = join(outDir, `${name}.png`);
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--hide-scrollbars',
      `--user-data-dir=${mkdtempSync(join(scratch, 'profile-'))}`,
      '--force-device-scale-factor=2',
      `--screenshot=${png}`,
      `--window-size=${PAGE_WIDTH},${PAGE_HEIGHT}`,
      pathToFileURL(html).href,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  process.stdout.write(`screenshots: wrote ${png}\n`);
}

async function shoot(chromium: string, app: TmuxSession, scratch: string): Promise<void> {
  // Mid-sync: some mailboxes done, one being fetched.
  const running = await app.waitFor(
    (s) => /syncing · pass 1/.test(s) && /\bfetching\b/.test(s) && /\bdone\b/.test(s),
    'the sync view mid-sync',
    { withColors: true, everyMs: 20 },
  );
  renderPng(chromium, running, 'sync-running', scratch);

  const done = await app.waitFor(
    (s) => /pass 1 finished/.test(s) && /Errors \(1\)/.test(s),
    'the pass to end with an error',
    {
      withColors: true,
      timeoutMs: 120_000,
    },
  );
  renderPng(chromium, done, 'sync-done-error', scratch);

  app.sendKeys('Tab');
  // The cursor shows once the headers are read; keys pressed before that are not for the index.
  const opened = await app.waitFor(/^ +> +\d+ /m, 'the reader index', { timeoutMs: 60_000 });
  const newest = Number(/^ +> +(\d+) /m.exec(opened)![1]);
  app.sendKeys('k', 'k', 'k');
  const index = await app.waitFor(new RegExp(`> +${newest - 3} `), 'the cursor three rows up', { withColors: true });
  renderPng(chromium, index, 'reader-index', scratch);

  app.sendKeys('Enter');
  const pager = await app.waitFor(/^From: /m, 'the pager', { withColors: true });
  renderPng(chromium, pager, 'pager', scratch);

  app.sendKeys('q');
  await app.waitFor(/q quit\)/, 'the index again');
  app.sendKeys('q');
  const exit = await app.waitForExit();
  if (exit.code !== 0) throw new Error(`mailkeep exited with ${exit.code}`);
}

const chromium = ensureProgram('chromium', 'chromium');
// The terminal font, and one with CJK glyphs (names in the demo mail) so nothing shows as boxes.
ensurePackageFile('/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf', 'fonts-dejavu-core');
ensurePackageFile('/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf', 'fonts-droid-fallback');
mkdirSync(outDir, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'mailkeep-shots-'));
const world = await startDemoWorld({ preset: 'small', withBrokenAccount: true });
const app = startTmux({
  command: mailkeepCommand(['-c', world.configPath]),
  cwd: world.dir,
  env: world.env,
  columns: COLUMNS,
  rows: ROWS,
});
try {
  await shoot(chromium, app, scratch);
} catch (err) {
  process.stderr.write(`screenshots: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  app.kill();
  await world.server.stop();
  rmSync(world.dir, { recursive: true, force: true });
  rmSync(scratch, { recursive: true, force: true });
}

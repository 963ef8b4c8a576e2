import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load-config.js';
import { saveAccounts } from '../../src/config/own-config.js';
import { ConfigError } from '../../src/config/errors.js';
import { tempHome } from '../support/temp-home.js';

const blog = fileURLToPath(new URL('../fixtures/mbsyncrc/blog.mbsyncrc', import.meta.url));

test('nothing configured: no accounts, source none', async (t) => {
  const loaded = await loadConfig(tempHome(t));
  assert.deepEqual([loaded.accounts, loaded.source.kind, loaded.warnings], [[], 'none', []]);
});

test('falls back to ~/.mbsyncrc and says so', async (t) => {
  const pathEnv = tempHome(t);
  copyFileSync(blog, path.join(pathEnv.home, '.mbsyncrc'));
  const loaded = await loadConfig(pathEnv);
  assert.equal(loaded.source.kind, 'mbsyncrc');
  assert.deepEqual(
    loaded.accounts.map((a) => a.localPath),
    [`${pathEnv.home}/Mail/fastmail`, `${pathEnv.home}/Mail/gmail`],
  );
  assert.match(loaded.warnings[0]!, /^using ~\/\.mbsyncrc \(run `mailkeep import`/);
});

test("falls back to mbsync 1.5's $XDG_CONFIG_HOME/isyncrc when there is no ~/.mbsyncrc", async (t) => {
  const pathEnv = tempHome(t);
  const configHome = pathEnv.env.XDG_CONFIG_HOME!;
  mkdirSync(configHome, { recursive: true });
  copyFileSync(blog, path.join(configHome, 'isyncrc'));
  const loaded = await loadConfig(pathEnv);
  assert.deepEqual([loaded.source.kind, loaded.accounts.length], ['mbsyncrc', 2]);
  assert.equal(loaded.warnings[0]!, `using ${configHome}/isyncrc (run \`mailkeep import\` to make it mailkeep's own)`);
});

test("mailkeep's own config wins over ~/.mbsyncrc", async (t) => {
  const pathEnv = tempHome(t);
  copyFileSync(blog, path.join(pathEnv.home, '.mbsyncrc'));
  const fromRc = await loadConfig(pathEnv);
  saveAccounts([fromRc.accounts[1]!], pathEnv);
  const loaded = await loadConfig(pathEnv);
  assert.deepEqual([loaded.source.kind, loaded.accounts.map((a) => a.name)], ['mailkeep', ['gmail']]);
});

test('-c takes an mbsyncrc or a JSON config', async (t) => {
  const pathEnv = tempHome(t);
  const fromRc = await loadConfig({ ...pathEnv, configPath: blog });
  assert.deepEqual([fromRc.source, fromRc.accounts.length], [{ kind: 'mbsyncrc', path: blog }, 2]);
  const json = path.join(pathEnv.home, 'mk.conf');
  writeFileSync(json, JSON.stringify({ accounts: [fromRc.accounts[0]] }));
  const fromJson = await loadConfig({ ...pathEnv, configPath: '~/mk.conf' });
  assert.deepEqual(
    [fromJson.source, fromJson.accounts.map((a) => a.host)],
    [{ kind: 'mailkeep', path: json }, ['imap.fastmail.com']],
  );
});

test('-c with a missing file or a broken mbsyncrc is a one-line ConfigError', async (t) => {
  const pathEnv = tempHome(t);
  await assert.rejects(
    loadConfig({ ...pathEnv, configPath: '~/nope' }),
    (e: unknown) => e instanceof ConfigError && e.message === '~/nope: no such file',
  );
  writeFileSync(path.join(pathEnv.home, 'bad'), 'IMAPAccount x\nHost "unclosed\n');
  await assert.rejects(
    loadConfig({ ...pathEnv, configPath: path.join(pathEnv.home, 'bad') }),
    /^ConfigError: ~\/bad:2: missing closing quote$/,
  );
});

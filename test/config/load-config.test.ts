import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, type LoadConfigOptions } from '../../src/config/load-config.js';
import { runImport } from '../../src/commands/import.js';
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

/**
 * A home holding ~/.mbsyncrc and $XDG_CONFIG_HOME/isyncrc, with `PATH` holding no mbsync
 * (`none`), the installed one, or one that says it is the version given.
 */
function bothFiles(t: { after: (fn: () => void) => void }, mbsync: string): LoadConfigOptions {
  const pathEnv = tempHome(t);
  const configHome = pathEnv.env.XDG_CONFIG_HOME!;
  mkdirSync(configHome, { recursive: true });
  copyFileSync(blog, path.join(configHome, 'isyncrc'));
  copyFileSync(blog, path.join(pathEnv.home, '.mbsyncrc'));
  const bin = path.join(pathEnv.home, 'bin');
  mkdirSync(bin);
  if (mbsync === 'installed') {
    // The mbsync this machine has (Debian's isync 1.4.4), as it is.
    const installed = execFileSync('sh', ['-c', 'command -v mbsync'], { encoding: 'utf8' }).trim();
    return { ...pathEnv, env: { ...pathEnv.env, PATH: path.dirname(installed) } };
  }
  if (mbsync !== 'none') {
    writeFileSync(path.join(bin, 'mbsync'), `#!/bin/sh\necho "isync ${mbsync}"\n`);
    chmodSync(path.join(bin, 'mbsync'), 0o755);
  }
  return { ...pathEnv, env: { ...pathEnv.env, PATH: bin } };
}

test('with both files, mailkeep reads the one the installed mbsync reads, and says which and why', async (t) => {
  const installed = execFileSync('mbsync', ['--version'], { encoding: 'utf8' }).trim();
  const cases: [string, string, string][] = [
    // isync 1.5 config.c: "Both %s and %s exist; using the former" (the XDG one).
    ['none', 'xdg/isyncrc', 'as mbsync 1.5 does, not ~/.mbsyncrc'],
    ['1.5.0', 'xdg/isyncrc', 'as the installed mbsync 1.5.0 does, not ~/.mbsyncrc'],
    ['installed', 'home/.mbsyncrc', `as the installed mbsync ${installed.replace('isync ', '')} does, not `],
    ['1.3.4', 'home/.mbsyncrc', 'as the installed mbsync 1.3.4 does, not '],
  ];
  for (const [mbsync, read, why] of cases) {
    const opts = bothFiles(t, mbsync);
    const loaded = await loadConfig(opts);
    const root = path.dirname(opts.home);
    assert.equal(path.relative(root, loaded.source.path), read, mbsync);
    const shown = read === 'xdg/isyncrc' ? `${root}/xdg/isyncrc` : '~/.mbsyncrc';
    assert.ok(loaded.warnings[0]!.startsWith(`using ${shown}, ${why}`), `${mbsync}: ${loaded.warnings[0]}`);
    const err: string[] = [];
    const io = { ...opts, stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } };
    assert.equal(await runImport(io), 0);
    assert.ok(err.join('').startsWith(`mailkeep: reading ${shown}, ${why}`), `${mbsync}: ${err.join('')}`);
  }
  assert.match(installed, /^isync 1\.4\./, 'the installed mbsync is the 1.4 this test expects');
});

test('XDG_CONFIG_HOME unset: ~/.config/isyncrc; set: only its isyncrc counts', async (t) => {
  const pathEnv = tempHome(t);
  mkdirSync(path.join(pathEnv.home, '.config'));
  copyFileSync(blog, path.join(pathEnv.home, '.config', 'isyncrc'));
  const unset = await loadConfig({ ...pathEnv, env: {} });
  assert.deepEqual(
    [unset.source.path, unset.warnings[0]!.split(' (')[0]],
    [path.join(pathEnv.home, '.config', 'isyncrc'), 'using ~/.config/isyncrc'],
  );
  copyFileSync(blog, path.join(pathEnv.home, '.mbsyncrc'));
  const set = await loadConfig(pathEnv);
  assert.deepEqual(
    [set.source.path, set.warnings[0]!.split(' (')[0]],
    [path.join(pathEnv.home, '.mbsyncrc'), 'using ~/.mbsyncrc'],
  );
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

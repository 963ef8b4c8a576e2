// `mailkeep schedule` in a temp HOME: the systemd user units written 0644 in the XDG systemd user
// dir and nowhere else, their command the same node + bin/mailkeep.js + config, accepted by
// `systemd-analyze verify`; the crontab line where systemd is absent; status and remove.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runSchedule, systemdUserDir, type ScheduleOptions } from '../../src/commands/schedule.js';
import { crontabLine, systemdWord } from '../../src/commands/schedule-units.js';
import { recordLastRun } from '../../src/engine/last-run.js';
import { stateRoot, type PathEnv } from '../../src/config/paths.js';
import { tempHome } from '../support/temp-home.js';

const BIN = fileURLToPath(new URL('../../bin/mailkeep.js', import.meta.url));

/** A home with an mbsyncrc of one account; `-c` names it. */
function homeWithConfig(t: Parameters<typeof tempHome>[0]): { pathEnv: PathEnv; config: string } {
  const pathEnv = tempHome(t);
  const config = path.join(pathEnv.home, 'mail %rc');
  writeFileSync(
    config,
    'IMAPAccount a\nHost imap.example.org\nUser me\nPassCmd "echo x"\n\nIMAPStore a-remote\nAccount a\n\n' +
      'MaildirStore a-local\nPath ~/Mail/\nInbox ~/Mail/INBOX\n\nChannel a\nFar :a-remote:\nNear :a-local:\nPatterns *\n',
  );
  return { pathEnv, config };
}

async function schedule(pathEnv: PathEnv, options: Partial<ScheduleOptions>, systemd = true) {
  let stdout = '';
  let stderr = '';
  const code = await runSchedule(
    { action: 'install', cron: false, ...options },
    {
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      home: pathEnv.home,
      env: pathEnv.env,
      systemd,
    },
  );
  return { code, stdout, stderr };
}

/** Every file under `dir`, relative. */
const filesUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => !e.isDirectory())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();

/** ExecStart's words, unquoted as systemd reads them. */
function execStart(unit: string): string[] {
  const line = /^ExecStart=(.*)$/m.exec(unit)![1]!;
  return [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!.replace(/\\(.)/g, '$1').replace(/%%/g, '%'));
}

test('install writes the service and timer 0644 in the XDG systemd user dir only, running this mailkeep', async (t) => {
  const { pathEnv, config } = homeWithConfig(t);
  const root = path.dirname(pathEnv.home);
  const before = filesUnder(root);
  const { code, stdout } = await schedule(pathEnv, { configPath: config, everyMs: 5 * 60_000 });
  assert.equal(code, 0);
  const dir = systemdUserDir(pathEnv);
  assert.equal(dir, path.join(pathEnv.env.XDG_CONFIG_HOME!, 'systemd', 'user'));
  const written = filesUnder(root).filter((f) => !before.includes(f));
  assert.deepEqual(written, ['xdg/systemd/user/mailkeep.service', 'xdg/systemd/user/mailkeep.timer']);
  for (const name of ['mailkeep.service', 'mailkeep.timer'])
    assert.equal(statSync(path.join(dir, name)).mode & 0o777, 0o644, name);
  assert.match(stdout, /systemctl --user daemon-reload && systemctl --user enable --now mailkeep\.timer/);

  const service = readFileSync(path.join(dir, 'mailkeep.service'), 'utf8');
  assert.deepEqual(execStart(service), [process.execPath, BIN, 'sync', '--quiet', '-c', config]);
  assert.ok(existsSync(BIN));
  assert.match(readFileSync(path.join(dir, 'mailkeep.timer'), 'utf8'), /^OnUnitActiveSec=5min$/m);
  verifyUnits(t, dir);
});

/** `systemd-analyze verify` as the user manager would; where no user manager can start here, as the system one. */
function verifyUnits(t: { diagnostic: (message: string) => void }, dir: string): void {
  const units = ['mailkeep.service', 'mailkeep.timer'].map((name) => path.join(dir, name));
  const user = spawnSync('systemd-analyze', ['--user', 'verify', ...units], { encoding: 'utf8' });
  if (user.error !== undefined) return t.diagnostic('systemd-analyze is not installed: units not verified');
  if (user.status === 0) return;
  assert.match(user.stderr, /Failed to initialize manager|RuntimeDirectory|XDG_RUNTIME_DIR/, user.stderr);
  t.diagnostic('no systemd user manager here: verified as system units');
  const system = spawnSync('systemd-analyze', ['verify', ...units], { encoding: 'utf8' });
  assert.equal(system.status, 0, system.stderr);
  assert.equal(system.stderr.trim(), '', 'no warnings');
}

test('without systemd user sessions (or --cron): a crontab line with the same command, nothing written', async (t) => {
  const { pathEnv, config } = homeWithConfig(t);
  const root = path.dirname(pathEnv.home);
  const before = filesUnder(root);
  const { code, stdout } = await schedule(pathEnv, { configPath: config, everyMs: 10 * 60_000 }, false);
  assert.equal(code, 0);
  assert.match(stdout, /crontab -e/);
  assert.ok(stdout.includes(`*/10 * * * * ${process.execPath} ${BIN} sync --quiet -c '${config.replace('%', '\\%')}'`));
  assert.deepEqual(filesUnder(root), before);
  assert.equal(
    (await schedule(pathEnv, { configPath: config, cron: true })).stdout.split('\n')[0]!.slice(0, 13),
    '*/15 * * * * ',
  );
});

test('status shows the last run; remove deletes our units and the enable link, and leaves a stranger alone', async (t) => {
  const { pathEnv, config } = homeWithConfig(t);
  assert.match((await schedule(pathEnv, { action: 'status' })).stdout, /no systemd timer installed[^]*last run: none/);
  await schedule(pathEnv, { configPath: config });
  const dir = systemdUserDir(pathEnv);
  mkdirSync(path.join(dir, 'timers.target.wants'));
  symlinkSync(path.join(dir, 'mailkeep.timer'), path.join(dir, 'timers.target.wants', 'mailkeep.timer'));
  const summary = { pass: 1, accounts: 1, mailboxes: 4, mailboxesFailed: [], added: 3, linked: 0, flagsUpdated: 1 };
  await recordLastRun(
    stateRoot(pathEnv),
    { ...summary, deleted: 0, bytes: 2048, errors: [], elapsedMs: 900, exitCode: 0 },
    { watch: false, at: Date.parse('2026-12-02T15:40:00Z') },
  );
  const status = (await schedule(pathEnv, { action: 'status' })).stdout;
  assert.match(status, /installed: .*mailkeep\.timer \(every 15min\)/);
  assert.match(
    status,
    /last run: 2026-12-02T15:40:00\.000Z, exit 0 \(all synced\): 4 mailboxes, \+3 new ~1 flags -0 deleted/,
  );

  writeFileSync(path.join(dir, 'mailkeep.service'), '[Service]\nExecStart=/bin/true\n');
  const removed = await schedule(pathEnv, { action: 'remove' });
  assert.equal(removed.code, 0);
  assert.match(removed.stderr, /mailkeep\.service was not written by mailkeep; left alone/);
  assert.deepEqual(filesUnder(dir), ['mailkeep.service']);
  assert.match(removed.stdout, /systemctl --user stop mailkeep\.timer/);
});

test('a unit file that cannot be replaced: one line naming it, exit 2, no temp file left in the systemd dir', async (t) => {
  const { pathEnv, config } = homeWithConfig(t);
  const service = path.join(systemdUserDir(pathEnv), 'mailkeep.service');
  mkdirSync(service, { recursive: true });
  writeFileSync(path.join(service, 'in-the-way'), '');
  const { code, stderr } = await schedule(pathEnv, { configPath: config });
  assert.equal(code, 2);
  assert.equal(stderr, `mailkeep: cannot write ${service}: is a directory (EISDIR)\n`);
  assert.deepEqual(filesUnder(systemdUserDir(pathEnv)), ['mailkeep.service/in-the-way']);
});

test('unit and crontab words keep %, $, quotes and spaces literal', () => {
  assert.equal(systemdWord('/a b/"x"%h$HOME\\'), '"/a b/\\"x\\"%%h$$HOME\\\\"');
  const line = crontabLine({ node: '/n', script: '/s', configPath: '/c 50%', everyMs: 2 * 3_600_000, environment: {} });
  assert.equal(line, "0 */2 * * * /n /s sync --quiet -c '/c 50\\%'");
});

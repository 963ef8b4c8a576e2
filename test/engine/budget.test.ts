import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { openDailyBudget } from '../../src/engine/budget.js';
import { MaildirError } from '../../src/maildir/errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;

function stateDir(t: { after: (fn: () => void) => void }): string {
  const root = mkdtempSync(path.join(tmpdir(), 'mailkeep-budget-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  return path.join(root, 'state', 'gmail');
}

test('what is used is kept (0600) for the next run the same day, and forgotten the next day', async (t) => {
  const dir = stateDir(t);
  let now = 10 * DAY_MS + 5;
  const clock = () => now;
  await (await openDailyBudget(dir, 1000, clock)).consume(300);
  assert.deepEqual(readdirSync(dir), ['budget.json']);
  assert.equal(statSync(path.join(dir, 'budget.json')).mode & 0o777, 0o600);
  assert.equal((await openDailyBudget(dir, 1000, clock)).remaining(), 700);
  now += DAY_MS;
  assert.equal((await openDailyBudget(dir, 1000, clock)).remaining(), 1000);
});

test('a budget that cannot be saved: an error naming the file, no temp file left', async (t) => {
  const dir = stateDir(t);
  const file = path.join(dir, 'budget.json');
  mkdirSync(path.join(file, 'in-the-way'), { recursive: true });
  const budget = await openDailyBudget(dir, 1000, () => 0);
  await assert.rejects(budget.consume(300), (error: unknown) => {
    assert.ok(error instanceof MaildirError);
    assert.equal(error.message, `cannot write ${file}: is a directory (EISDIR)`);
    return true;
  });
  assert.deepEqual(readdirSync(dir), ['budget.json']);
});

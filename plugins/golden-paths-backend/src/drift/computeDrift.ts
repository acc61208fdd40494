import {
  ChangelogEntry,
  DriftStatus,
  EntityDrift,
} from '@runway/plugin-golden-paths-common';
import semver from 'semver';
import { changesBetween } from './changelog';

/** What drift needs to know about a template. */
export interface TemplateInfo {
  ref: string;
  title?: string;
  /** The template's `runway.dev/template-version`, as written. */
  version?: string;
  changelog: ChangelogEntry[];
  /** Why the changelog could not be read; absent when it was. */
  changelogError?: string;
}

/** What drift needs to know about an entity created from a template. */
export interface DerivedEntity {
  ref: string;
  title?: string;
  ownerRef?: string;
  /** The `runway.dev/template` annotation, normalized to an entity ref when it parses. */
  templateRef: string;
  /** The `runway.dev/template-version` annotation, as written. */
  recordedVersion?: string;
}

/** `current`, `upgrade-available` or `ahead` for two valid semver versions. */
export function compareVersions(
  recorded: string,
  current: string,
): Extract<DriftStatus, 'current' | 'upgrade-available' | 'ahead'> {
  const order = semver.compare(recorded, current);
  if (order < 0) return 'upgrade-available';
  if (order > 0) return 'ahead';
  return 'current';
}

/**
 * The drift of one entity against its template (undefined: the catalog has no such template).
 * Versions are compared as semver; a version that is not valid semver counts as missing.
 */
export function computeDrift(
  entity: DerivedEntity,
  template: TemplateInfo | undefined,
  checkedAt: Date,
): EntityDrift {
  const currentVersion = template?.version;
  const drift: EntityDrift = {
    entityRef: entity.ref,
    entityTitle: entity.title,
    ownerRef: entity.ownerRef,
    templateRef: entity.templateRef,
    templateTitle: template?.title,
    recordedVersion: entity.recordedVersion,
    currentVersion,
    status: 'unknown-template',
    changes: [],
    checkedAt: checkedAt.toISOString(),
  };
  const current = currentVersion && semver.valid(currentVersion);
  if (!template || !current) {
    return drift;
  }
  const recorded =
    entity.recordedVersion && semver.valid(entity.recordedVersion);
  if (!recorded) {
    return { ...drift, status: 'unversioned' };
  }
  const status = compareVersions(recorded, current);
  if (status !== 'upgrade-available') {
    return { ...drift, status };
  }
  return {
    ...drift,
    status,
    changes: changesBetween(template.changelog, recorded, current),
    changelogError: template.changelogError,
  };
}

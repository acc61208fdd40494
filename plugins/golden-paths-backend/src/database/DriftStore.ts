import { DriftStatus, EntityDrift } from '@runway/plugin-golden-paths-common';

/** Which stored drifts to list. */
export interface DriftFilter {
  status?: DriftStatus[];
  /** Normalized owner entity ref. */
  ownerRef?: string;
}

/** The last computed template drift per entity. */
export interface DriftStore {
  /**
   * Stores the result of a full check: upserts `drifts` and removes every entity checked
   * before `checkedSince` that is not among them (it no longer records a template).
   */
  replaceAll(drifts: EntityDrift[], checkedSince: Date): Promise<void>;
  upsert(drift: EntityDrift): Promise<void>;
  get(entityRef: string): Promise<EntityDrift | undefined>;
  /** Every matching drift, ordered by entity ref. */
  list(filter?: DriftFilter): Promise<EntityDrift[]>;
}

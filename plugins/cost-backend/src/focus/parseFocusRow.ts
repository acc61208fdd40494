import { DateTime } from 'luxon';

/** One FOCUS row, reduced to what Runway stores. Instants are ISO-8601 UTC strings. */
export interface CostRecord {
  billingPeriodStart: string;
  chargePeriodStart: string;
  chargePeriodEnd: string;
  /** `YYYY-MM-DD` (UTC) of ChargePeriodStart: the day the cost counts on in series. */
  usageDate: string;
  currency: string;
  effectiveCost: number;
  billedCost: number;
  listCost: number;
  chargeCategory: string | null;
  providerName: string | null;
  serviceCategory: string | null;
  serviceName: string | null;
  regionId: string | null;
  regionName: string | null;
  subAccountId: string | null;
  subAccountName: string | null;
  resourceId: string | null;
  resourceName: string | null;
  tags: Record<string, unknown> | null;
}

export type ParsedFocusRow =
  | { ok: true; record: CostRecord }
  | { ok: false; reason: string };

const ISO_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** A CSV record: column name -> cell. */
type FocusRecord = Record<string, string | undefined>;

/**
 * FOCUS nulls are empty cells; some exports (the FOCUS sample among them) write the unquoted
 * literal `NULL`, which CSV readers cannot tell from the string, so both mean null.
 */
function cell(record: FocusRecord, column: string) {
  const value = record[column]?.trim();
  return value === undefined || value === '' || value === 'NULL' ? null : value;
}

class BadRow extends Error {}

/** Costs are stored as numeric(38,15) on PostgreSQL: 23 digits before the decimal point. */
const MAX_COST = 1e23;
/** Width of cost_rows.charge_category. */
const MAX_CHARGE_CATEGORY_LENGTH = 64;

/** Values kept by a memo before it starts over: exports repeat few distinct dates and tag sets. */
const MEMO_SIZE = 50_000;

/** A map that forgets everything once full: bounded memory, cheap hits on repeated values. */
class Memo<T> {
  private readonly values = new Map<string, T>();

  get(key: string, compute: (key: string) => T): T {
    let value = this.values.get(key);
    if (value === undefined) {
      if (this.values.size >= MEMO_SIZE) {
        this.values.clear();
      }
      value = compute(key);
      this.values.set(key, value);
    }
    return value;
  }
}

function requiredCell(record: FocusRecord, column: string): string {
  const value = cell(record, column);
  if (value === null) {
    throw new BadRow(`${column}: missing`);
  }
  return value;
}

function costCell(record: FocusRecord, column: string): number {
  const value = requiredCell(record, column);
  const amount = Number(value);
  if (!Number.isFinite(amount)) {
    throw new BadRow(`${column}: "${value}" is not a decimal number`);
  }
  if (Math.abs(amount) >= MAX_COST) {
    throw new BadRow(
      `${column}: "${value}" is out of range (at most 23 digits before the decimal point)`,
    );
  }
  return amount;
}

/** An instant as stored: ISO-8601 in UTC, and its UTC day. */
interface Instant {
  iso: string;
  day: string;
}

function parseInstant(value: string): Instant | null {
  let instant = DateTime.fromISO(value, { zone: 'utc' });
  if (!instant.isValid) {
    instant = DateTime.fromSQL(value, { zone: 'utc' });
  }
  if (!instant.isValid) {
    return null;
  }
  const utc = instant.toUTC();
  return { iso: utc.toISO()!, day: utc.toISODate()! };
}

function chargeCategoryCell(record: FocusRecord): string | null {
  const value = cell(record, 'ChargeCategory');
  if (value !== null && value.length > MAX_CHARGE_CATEGORY_LENGTH) {
    throw new BadRow(
      `ChargeCategory: longer than ${MAX_CHARGE_CATEGORY_LENGTH} characters`,
    );
  }
  return value;
}

function parseTags(value: string): Record<string, unknown> | string {
  let tags: unknown;
  try {
    tags = JSON.parse(value);
  } catch {
    return 'Tags: not valid JSON';
  }
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) {
    return 'Tags: not a JSON object of key-value pairs';
  }
  return tags as Record<string, unknown>;
}

/**
 * Validates and converts CSV records (column name -> cell) of one file. Date/times without an
 * offset, like the FOCUS sample's `2024-09-18 22:00:00`, are read as UTC. Parsed dates and
 * tag sets are memoized: they repeat across rows, and parsing them dominates the cost of a row.
 */
export class FocusRowParser {
  private readonly instants = new Memo<Instant | null>();
  private readonly tags = new Memo<Record<string, unknown> | string>();

  parse(record: FocusRecord): ParsedFocusRow {
    try {
      const currency = requiredCell(record, 'BillingCurrency').toUpperCase();
      if (!ISO_CURRENCIES.has(currency)) {
        throw new BadRow(
          `BillingCurrency: "${currency}" is not an ISO 4217 currency code`,
        );
      }
      const billedCost = costCell(record, 'BilledCost');
      const effectiveCost = costCell(record, 'EffectiveCost');
      const listCost = costCell(record, 'ListCost');
      const billingPeriodStart = this.instantCell(record, 'BillingPeriodStart');
      const chargePeriodStart = this.instantCell(record, 'ChargePeriodStart');
      const chargePeriodEnd = this.instantCell(record, 'ChargePeriodEnd');
      // Same format and zone: the strings compare as the instants do.
      if (chargePeriodEnd.iso < chargePeriodStart.iso) {
        throw new BadRow('ChargePeriodEnd: before ChargePeriodStart');
      }
      return {
        ok: true,
        record: {
          billingPeriodStart: billingPeriodStart.iso,
          chargePeriodStart: chargePeriodStart.iso,
          chargePeriodEnd: chargePeriodEnd.iso,
          usageDate: chargePeriodStart.day,
          currency,
          effectiveCost,
          billedCost,
          listCost,
          chargeCategory: chargeCategoryCell(record),
          providerName: cell(record, 'ProviderName'),
          serviceCategory: cell(record, 'ServiceCategory'),
          serviceName: cell(record, 'ServiceName'),
          regionId: cell(record, 'RegionId'),
          regionName: cell(record, 'RegionName'),
          subAccountId: cell(record, 'SubAccountId'),
          subAccountName: cell(record, 'SubAccountName'),
          resourceId: cell(record, 'ResourceId'),
          resourceName: cell(record, 'ResourceName'),
          tags: this.tagsCell(record),
        },
      };
    } catch (error) {
      if (error instanceof BadRow) {
        return { ok: false, reason: error.message };
      }
      throw error;
    }
  }

  private instantCell(record: FocusRecord, column: string): Instant {
    const value = requiredCell(record, column);
    const instant = this.instants.get(value, parseInstant);
    if (!instant) {
      throw new BadRow(
        `${column}: "${value}" is not a date/time (expected YYYY-MM-DDTHH:mm:ssZ)`,
      );
    }
    return instant;
  }

  private tagsCell(record: FocusRecord): Record<string, unknown> | null {
    const value = cell(record, 'Tags');
    if (value === null) {
      return null;
    }
    const tags = this.tags.get(value, parseTags);
    if (typeof tags === 'string') {
      throw new BadRow(tags);
    }
    return tags;
  }
}

import { InputError } from '@backstage/errors';
import { DateTime, IANAZone } from 'luxon';
import {
  DoraContext,
  deploymentsInWindow,
  prepareDora,
  summarize,
} from './computeDora';
import { DoraBucketSize, DoraSeriesInput, DoraSeriesResult } from './types';

/** Longest series served; beyond this the request is refused rather than answered slowly. */
export const MAX_SERIES_BUCKETS = 1000;

const BUCKET_KEY_FORMAT: Record<DoraBucketSize, string> = {
  day: 'yyyy-MM-dd',
  week: "kkkk-'W'WW",
  month: 'yyyy-MM',
};

/**
 * `computeDora`'s metrics per calendar bucket in the IANA zone `tz`: days (23 or 25
 * hours long on DST changes), ISO weeks (Monday to Monday, keyed by ISO week-year, so
 * `2020-W53` exists) or months. The first and last buckets are clipped to `[from, to)`, and
 * each bucket's deployments per week are measured over its real length.
 *
 * Per-deployment facts (first deployment of a commit, failure, recovery, rework) are
 * worked out once over the whole history, so a bucket's numbers equal a `computeDora`
 * call over that bucket.
 *
 * @throws InputError for an unknown zone, an unknown bucket size, too many buckets, or
 * anything `computeDora` rejects.
 */
export function computeDoraSeries(input: DoraSeriesInput): DoraSeriesResult {
  checkSeriesOptions(input);
  const context = prepareDora(input);
  const { fromMs, toMs, benchmark } = context;
  return {
    from: new Date(fromMs).toISOString(),
    to: new Date(toMs).toISOString(),
    environment: input.environment,
    benchmark: benchmark.id,
    bucket: input.bucket,
    tz: input.tz,
    buckets: seriesBuckets(context, { ...input, fromMs, toMs }),
  };
}

/**
 * @throws InputError for an unknown zone or bucket size, naming the parameter.
 */
export function checkSeriesOptions(options: {
  bucket: DoraBucketSize;
  tz: string;
}): void {
  if (!IANAZone.isValidZone(options.tz)) {
    throw new InputError(
      `'tz' must be an IANA time zone such as Europe/Berlin, got '${options.tz}'`,
    );
  }
  if (
    !Object.prototype.hasOwnProperty.call(BUCKET_KEY_FORMAT, options.bucket)
  ) {
    throw new InputError(
      `'bucket' must be one of day, week, month, got '${options.bucket}'`,
    );
  }
}

/**
 * The buckets of `[fromMs, toMs)` from deployments already analysed (`prepareDora`), so that
 * a caller that also needs other windows of the same history analyses it once. The options
 * must have passed {@link checkSeriesOptions}.
 *
 * @throws InputError when the window holds more than MAX_SERIES_BUCKETS buckets.
 */
export function seriesBuckets(
  context: DoraContext,
  options: { bucket: DoraBucketSize; tz: string; fromMs: number; toMs: number },
): DoraSeriesResult['buckets'] {
  return seriesBucketBounds(options).map(
    ({ fromMs: bucketFrom, toMs: bucketTo, ...bucket }) => ({
      ...bucket,
      ...summarize(
        deploymentsInWindow(context.deployments, bucketFrom, bucketTo),
        bucketTo - bucketFrom,
        context.benchmark,
      ),
    }),
  );
}

/**
 * The calendar buckets of `[fromMs, toMs)` (see {@link computeDoraSeries}): key, bounds as
 * instants and as ISO times in `tz`. The options must have passed {@link checkSeriesOptions}.
 *
 * @throws InputError when the window holds more than MAX_SERIES_BUCKETS buckets.
 */
export function seriesBucketBounds(options: {
  bucket: DoraBucketSize;
  tz: string;
  fromMs: number;
  toMs: number;
}): Array<{
  key: string;
  from: string;
  to: string;
  fromMs: number;
  toMs: number;
}> {
  const { fromMs, toMs, bucket: unit, tz } = options;
  const buckets: ReturnType<typeof seriesBucketBounds> = [];
  let periodStart = DateTime.fromMillis(fromMs, { zone: tz }).startOf(unit);
  while (periodStart.toMillis() < toMs) {
    if (buckets.length === MAX_SERIES_BUCKETS) {
      throw new InputError(
        `The window holds more than ${MAX_SERIES_BUCKETS} ${unit} buckets; use a larger bucket or a shorter window`,
      );
    }
    const periodEnd = periodStart.plus({ [unit]: 1 }).startOf(unit);
    const bucketFrom = Math.max(periodStart.toMillis(), fromMs);
    const bucketTo = Math.min(periodEnd.toMillis(), toMs);
    buckets.push({
      key: periodStart.toFormat(BUCKET_KEY_FORMAT[unit]),
      from: DateTime.fromMillis(bucketFrom, { zone: tz }).toISO()!,
      to: DateTime.fromMillis(bucketTo, { zone: tz }).toISO()!,
      fromMs: bucketFrom,
      toMs: bucketTo,
    });
    periodStart = periodEnd;
  }
  return buckets;
}

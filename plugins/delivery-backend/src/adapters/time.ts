import { DateTime } from 'luxon';

/** GitLab webhooks write most instants as `2016-08-12 15:23:28 UTC` or `2021-04-28 21:50:00 +0200`. */
const GITLAB_FORMATS = ["yyyy-MM-dd HH:mm:ss 'UTC'", 'yyyy-MM-dd HH:mm:ss ZZZ'];

/**
 * Parses an instant as sent by GitHub, GitLab or a CDEvents producer and returns it as an
 * ISO-8601 UTC string, or undefined when it is not an instant with a known offset.
 */
export function toUtcInstant(value: string): string | undefined {
  // RFC 3339 (CDEvents, via JSON schema `date-time`) also allows a space or a lower-case `t`/`z`.
  const rfc3339 = value
    .trim()
    .replace(/^(\d{4}-\d{2}-\d{2})[t ](?=\d{2}:)/i, '$1T')
    .replace(/z$/, 'Z');
  const iso = DateTime.fromISO(rfc3339, { setZone: true });
  if (iso.isValid && /T\d{2}:\d{2}.*(Z|[+-]\d{2}(:?\d{2})?)$/.test(rfc3339)) {
    return iso.toUTC().toISO() ?? undefined;
  }
  for (const format of GITLAB_FORMATS) {
    const parsed = DateTime.fromFormat(value, format, { zone: 'utc' });
    if (parsed.isValid) {
      return parsed.toUTC().toISO() ?? undefined;
    }
  }
  return undefined;
}

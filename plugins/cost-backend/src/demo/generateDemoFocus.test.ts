import { DateTime } from 'luxon';
import { Readable } from 'node:stream';
import { FocusBatch, readFocusCsv } from '../focus/readFocusCsv';
import {
  DEMO_ANOMALY_DAYS_AGO,
  DEMO_DAYS,
  DEMO_SHARED_ACCOUNT,
  generateDemoFocus,
} from './generateDemoFocus';
import { detectAnomalies } from '../analysis/anomalies';
import { daysBetween } from '../analysis/series';

describe('generateDemoFocus', () => {
  const until = DateTime.fromISO('2026-03-01T00:00:00Z', { zone: 'utc' });
  const csv = generateDemoFocus({ services: ['payments', 'orders'], until });

  async function read() {
    const batches: FocusBatch[] = [];
    for await (const batch of readFocusCsv(Readable.from([csv]), {
      gzipped: false,
      batchSize: 10_000,
    })) {
      batches.push(batch);
    }
    return batches.flatMap(b => b.records);
  }

  it('is deterministic and valid FOCUS, with no bad row', async () => {
    expect(generateDemoFocus({ services: ['payments', 'orders'], until })).toBe(
      csv,
    );
    const records = await read();
    expect(records).toHaveLength(DEMO_DAYS * (2 * 4 + 2));
    expect(new Set(records.map(r => r.providerName))).toEqual(
      new Set(['AWS', 'Microsoft']),
    );
    expect(
      records.filter(r => r.subAccountId === DEMO_SHARED_ACCOUNT),
    ).toHaveLength(DEMO_DAYS * 2);
    expect(records.at(-1)!.usageDate).toBe('2026-02-28');
  });

  it('has one visible spike on the first service', async () => {
    const records = await read();
    const days = daysBetween(until.minus({ days: DEMO_DAYS }), until);
    const daily = days.map(date => ({
      date,
      currency: 'USD',
      amount: records
        .filter(r => r.usageDate === date && r.tags?.app === 'payments')
        .reduce((sum, r) => sum + r.effectiveCost, 0),
    }));
    expect(detectAnomalies(daily, days.slice(30), days)).toEqual([
      expect.objectContaining({
        date: until.minus({ days: DEMO_ANOMALY_DAYS_AGO + 1 }).toISODate(),
        direction: 'spike',
      }),
    ]);
  });
});

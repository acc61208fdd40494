import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { FocusBatch, readFocusCsv } from './readFocusCsv';

/*
 * The FOCUS 1.2 spec's illustration tables (../shared/oracle/focus/spec-examples-v1.2, next
 * to the repository) are spreadsheet exports, not conformant data: money like "$10,100.00 ",
 * dates like 4/1/25, column subsets. Each must be refused precisely, never half-imported.
 */
const examplesDir = resolve(
  __dirname,
  '../../../..',
  '../shared/oracle/focus/spec-examples-v1.2',
);
const present = existsSync(examplesDir);
if (!present) {
  // eslint-disable-next-line no-console
  console.warn(`Skipping the FOCUS spec examples: ${examplesDir} is absent`);
}

async function read(file: string) {
  const batches: FocusBatch[] = [];
  for await (const batch of readFocusCsv(createReadStream(file), {
    gzipped: false,
    batchSize: 100,
  })) {
    batches.push(batch);
  }
  return {
    records: batches.flatMap(b => b.records),
    badRows: batches.flatMap(b => b.badRows),
  };
}

(present ? describe : describe.skip)('FOCUS 1.2 spec examples', () => {
  it('refuses every illustration table with the column, line and value at fault', async () => {
    const files = (await glob('**/*.csv', { cwd: examplesDir })).sort();
    expect(files).toHaveLength(26);
    const outcomes: Record<string, string> = {};
    for (const file of files) {
      try {
        const { records, badRows } = await read(resolve(examplesDir, file));
        expect(records).toEqual([]);
        outcomes[
          file
        ] = `${badRows.length} bad rows, first: line ${badRows[0].line}: ${badRows[0].reason}`;
      } catch (error) {
        outcomes[file] = (error as Error).message;
      }
    }
    expect(
      outcomes[
        'commitment_discount_scenarios/commitment_discount_usage_scenario_1.csv'
      ],
    ).toBe(
      'Not a FOCUS cost export: the header (line 1) lacks the required column(s) ListCost, BillingCurrency',
    );
    expect(
      outcomes['saas_examples/simple_agreements/simple_saas_agreements_c.csv'],
    ).toBe(
      '3 bad rows, first: line 2: BilledCost: "$10,100.00" is not a decimal number',
    );
    // UTF-8 BOM and CRLF: the header is read, the US-style date is the fault.
    expect(
      outcomes['saas_examples/virtual_currency_pricing_model_a2.csv'],
    ).toBe(
      '3 bad rows, first: line 2: BillingPeriodStart: "4/1/25" is not a date/time (expected YYYY-MM-DDTHH:mm:ssZ)',
    );
  });
});

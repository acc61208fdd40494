import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { glob } from 'tinyglobby';
import { oraclePath, oracleSuite } from '../__testUtils__/oracle';
import { CostRecord } from './parseFocusRow';
import { BadRow, readFocusCsv } from './readFocusCsv';

/*
 * The FOCUS 1.2 spec's illustration tables (../shared/oracle/focus/spec-examples-v1.2, next
 * to the repository) are spreadsheet exports, not conformant data (the folder's README says
 * so): money like "$10,100.00 ", dates like 4/1/25, column subsets. Each must be refused
 * precisely, never half-imported: a file whose header lacks a required column is rejected
 * whole; otherwise every row is a bad row naming its line, column and value, and no row is
 * read as cost.
 */
const examplesDir = oraclePath('focus/spec-examples-v1.2');
const oracle = oracleSuite('the FOCUS 1.2 spec examples', [examplesDir]);

type Outcome = { refused: string } | { badRows: string[] };

/** The header lacks required columns: the file is refused before any row is read. */
const lacks = (...columns: string[]): Outcome => ({
  refused: `Not a FOCUS cost export: the header (line 1) lacks the required column(s) ${columns.join(
    ', ',
  )}`,
});
/** Every row, from line 2 on, is bad for its value of `column`. */
const badRows =
  (column: string, problem: string) =>
  (...values: string[]): Outcome => ({
    badRows: values.map(
      (value, index) => `line ${index + 2}: ${column}: "${value}" ${problem}`,
    ),
  });
/** Money written for people: a currency symbol and thousands separators. */
const dollars = badRows('BilledCost', 'is not a decimal number');
/** US-style dates (month/day/year). */
const usDates = badRows(
  'BillingPeriodStart',
  'is not a date/time (expected YYYY-MM-DDTHH:mm:ssZ)',
);

/** The monthly billing periods of the spend-agreement tables: April 2025 to March 2026. */
const MONTHLY = [
  '4/1/25',
  '5/1/25',
  '6/1/25',
  '7/1/25',
  '8/1/25',
  '9/1/25',
  '10/1/25',
  '11/1/25',
  '12/1/25',
  '1/1/26',
  '2/1/26',
  '3/1/26',
];

/** Every example file, with what reading it must give. */
const EXPECTED: Record<string, Outcome> = {
  // The commitment-discount tables show a few columns only; BillingCurrency (and, in the
  // scenarios, ListCost) is not among them.
  'commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_1_resource.csv':
    lacks('BillingCurrency'),
  'commitment_discount_flexibility/one_hundred_percent_utilization_with_commitment_discount_flexibility_with_2_resources.csv':
    lacks('BillingCurrency'),
  'commitment_discount_flexibility/one_hundred_percent_utilization_without_commitment_discount_flexibility.csv':
    lacks('BillingCurrency'),
  'commitment_discount_flexibility/zero_percent_utilization_without_commitment_discount_flexibility.csv':
    lacks('BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_1.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_2.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_purchase_scenario_3.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_usage_scenario_1.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_usage_scenario_2.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_usage_scenario_3.csv':
    lacks('ListCost', 'BillingCurrency'),
  'commitment_discount_scenarios/commitment_discount_usage_scenario_4.csv':
    lacks('ListCost', 'BillingCurrency'),
  // The SaaS tables have every required column; BilledCost comes first and holds "$...".
  'saas_examples/simple_agreements/simple_saas_agreements_a1.csv':
    dollars('$10,000.00'),
  'saas_examples/simple_agreements/simple_saas_agreements_a2.csv':
    dollars('$50,000.00'),
  'saas_examples/simple_agreements/simple_saas_agreements_a3.csv':
    dollars('$1,000.00'),
  'saas_examples/simple_agreements/simple_saas_agreements_b.csv':
    dollars('$50,000.00'),
  'saas_examples/simple_agreements/simple_saas_agreements_c.csv': dollars(
    '$10,100.00',
    '$13,000.00',
    '$12,700.00',
  ),
  // Plain numbers here, so the US-style billing period is the first fault.
  'saas_examples/spend_agreements/saas_spend_agreements_a1.csv': usDates(
    '4/1/25',
    '5/1/25',
    '6/1/25',
    '3/1/26',
  ),
  'saas_examples/spend_agreements/saas_spend_agreements_a2.csv': usDates(
    '4/1/25',
    ...MONTHLY,
  ),
  'saas_examples/spend_agreements/saas_spend_agreements_b1.csv': usDates(
    '4/1/25',
    '4/1/25',
    '5/1/25',
    '6/1/25',
    '3/1/26',
  ),
  'saas_examples/spend_agreements/saas_spend_agreements_b2.csv': usDates(
    '4/1/25',
    '4/1/25',
    ...MONTHLY,
  ),
  // UTF-8 BOM and CRLF: the header is read, the US-style date is the fault.
  'saas_examples/virtual_currency_pricing_model_a1.csv': usDates('4/1/25'),
  'saas_examples/virtual_currency_pricing_model_a2.csv': usDates(
    '4/1/25',
    '4/1/25',
    '4/1/25',
  ),
  'saas_examples/virtual_currency_pricing_model_b1.csv': usDates('4/1/25'),
  'saas_examples/virtual_currency_pricing_model_b2.csv': usDates(
    '4/1/25',
    '4/1/25',
    '4/1/25',
  ),
  'saas_examples/virtual_currency_pricing_model_b3.csv': usDates(
    '4/1/25',
    '4/1/25',
    '4/1/25',
  ),
  'saas_examples/virtual_currency_pricing_model_c.csv': usDates(
    '10/1/25',
    '10/1/25',
  ),
};

const refusedFiles = Object.entries(EXPECTED).flatMap(([file, outcome]) =>
  'refused' in outcome ? [[file, outcome.refused] as const] : [],
);
const badRowFiles = Object.entries(EXPECTED).flatMap(([file, outcome]) =>
  'badRows' in outcome ? [[file, outcome.badRows] as const] : [],
);

async function read(file: string) {
  const records: CostRecord[] = [];
  const listed: BadRow[] = [];
  let badRowCount = 0;
  for await (const batch of readFocusCsv(createReadStream(file), {
    gzipped: false,
    batchSize: 100,
  })) {
    records.push(...batch.records);
    listed.push(...batch.badRows);
    badRowCount += batch.badRowCount;
  }
  return { records, badRows: listed, badRowCount };
}

oracle.describe('FOCUS 1.2 spec examples', () => {
  it('are the files listed here, no more and no fewer', async () => {
    const files = await glob('**/*.csv', { cwd: examplesDir });
    expect(files.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(refusedFiles)(
    'refuses %s whole: its header lacks required columns',
    async (file, refused) => {
      await expect(read(resolve(examplesDir, file))).rejects.toMatchObject({
        name: 'InputError',
        message: refused,
      });
    },
  );

  it.each(badRowFiles)(
    'reads every row of %s as a bad row naming its line, column and value',
    async (file, expected) => {
      const outcome = await read(resolve(examplesDir, file));
      expect(outcome.records).toEqual([]);
      expect(
        outcome.badRows.map(badRow => `line ${badRow.line}: ${badRow.reason}`),
      ).toEqual(expected);
      expect(outcome.badRowCount).toBe(expected.length);
    },
  );
});

import { oraclePath, oracleSuite, oracleVerdict } from './oracle';

describe('oracleVerdict', () => {
  const missing = [oraclePath('focus/sample/focus_sample.csv')];

  it('runs the suite when every file is there, on CI or not', () => {
    expect(oracleVerdict('FOCUS sample', [], { CI: 'true' })).toEqual({
      action: 'run',
    });
    expect(oracleVerdict('FOCUS sample', [], {})).toEqual({ action: 'run' });
  });

  it('fails on CI, naming the missing path relative to the repository', () => {
    expect(oracleVerdict('FOCUS sample', missing, { CI: 'true' })).toEqual({
      action: 'fail',
      message:
        '../shared/oracle/focus/sample/focus_sample.csv is missing; CI runs the oracle suites (FOCUS sample)',
    });
  });

  it('skips elsewhere, saying why', () => {
    expect(oracleVerdict('FOCUS sample', missing, {})).toEqual({
      action: 'skip',
      message:
        'Skipping FOCUS sample: ../shared/oracle/focus/sample/focus_sample.csv is missing (CI runs the oracle suites; check ../shared/oracle out next to the repository to run them here)',
    });
  });
});

describe('oracleSuite', () => {
  it("declares with jest's describe when the files are there", () => {
    expect(oracleSuite('this file', [__filename])).toEqual({
      present: true,
      describe,
    });
  });
});

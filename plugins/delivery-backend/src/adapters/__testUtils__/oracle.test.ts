import { oraclePath, oracleSuite, oracleVerdict } from './oracle';

describe('oracleVerdict', () => {
  const missing = [oraclePath('cdevents/conformance')];

  it('runs when every file is there, on CI or not', () => {
    expect(oracleVerdict('CDEvents', [], { CI: 'true' })).toEqual({
      action: 'run',
    });
    expect(oracleVerdict('CDEvents', [], {})).toEqual({ action: 'run' });
  });

  it('fails on CI, naming the missing path relative to the repository', () => {
    expect(oracleVerdict('CDEvents', missing, { CI: 'true' })).toEqual({
      action: 'fail',
      message:
        '../shared/oracle/cdevents/conformance is missing; CI runs the oracle tests (CDEvents)',
    });
  });

  it('skips elsewhere, saying why', () => {
    expect(oracleVerdict('CDEvents', missing, {})).toEqual({
      action: 'skip',
      message:
        'Skipping CDEvents: ../shared/oracle/cdevents/conformance is missing (CI runs the oracle tests; check ../shared/oracle out next to the repository to run them here)',
    });
  });
});

describe('oracleSuite', () => {
  const absent = oraclePath('cdevents', 'no-such-file.json');

  it("declares with jest's describe when the files are there", () => {
    expect(oracleSuite('this file', [__filename])).toEqual({
      present: true,
      describe,
    });
  });

  it('fails the test file on CI when a file is missing', () => {
    expect(() =>
      oracleSuite('CDEvents', [__filename, absent], { CI: 'true' }),
    ).toThrow(
      '../shared/oracle/cdevents/no-such-file.json is missing; CI runs the oracle tests (CDEvents)',
    );
  });

  it('skips with a warning elsewhere', () => {
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => {});
    expect(oracleSuite('CDEvents', [absent], {})).toEqual({
      present: false,
      describe: describe.skip,
    });
    expect(warn).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Skipping CDEvents: .*no-such-file.json is missing/,
      ),
    );
    warn.mockRestore();
  });
});

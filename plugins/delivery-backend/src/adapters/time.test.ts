import { toUtcInstant } from './time';

describe('toUtcInstant', () => {
  it.each([
    ['2019-05-15T15:20:53Z', '2019-05-15T15:20:53.000Z'],
    ['2023-03-20T14:27:05.315384Z', '2023-03-20T14:27:05.315Z'],
    ['2012-01-03T23:36:29+02:00', '2012-01-03T21:36:29.000Z'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28.000Z'],
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00.000Z'],
  ])('reads %s as %s', (value, expected) => {
    expect(toUtcInstant(value)).toBe(expected);
  });

  it.each(['2019-05-15T15:20:53', '2019-05-15', 'yesterday', ''])(
    'refuses %p: no offset, no instant',
    value => {
      expect(toUtcInstant(value)).toBeUndefined();
    },
  );
});

import { InputError } from '@backstage/errors';
import { parseEntityRefParam } from './entityRefs';

describe('parseEntityRefParam', () => {
  it('normalizes full refs, defaulting the namespace', () => {
    expect(parseEntityRefParam('entityRef', 'Component:Payments')).toBe(
      'component:default/payments',
    );
    expect(parseEntityRefParam('owner', 'group:Team-A/Billing')).toBe(
      'group:team-a/billing',
    );
  });

  it.each(['payments', '', 'component:'])(
    'refuses %j naming the field',
    value => {
      expect(() => parseEntityRefParam('entityRef', value)).toThrow(InputError);
      expect(() => parseEntityRefParam('entityRef', value)).toThrow(
        /^entityRef: must be an entity ref like component:default\/payments/,
      );
    },
  );
});

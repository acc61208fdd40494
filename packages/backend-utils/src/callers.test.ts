import { callerKey } from './callers';

describe('callerKey', () => {
  const user = (userEntityRef: string) => ({
    principal: { type: 'user', userEntityRef },
  });
  const service = (subject: string, accessRestrictions?: unknown) => ({
    principal: { type: 'service', subject, accessRestrictions },
  });

  it('is the same for the same user, whatever else the credentials carry', () => {
    expect(callerKey(user('user:default/ana'))).toBe(
      callerKey({
        principal: { type: 'user', userEntityRef: 'user:default/ana' },
        token: 'another sign-in',
      } as { principal: unknown }),
    );
  });

  it('tells users, services and access restrictions apart', () => {
    const keys = [
      callerKey(user('user:default/ana')),
      callerKey(user('user:default/bo')),
      callerKey(service('plugin:catalog')),
      callerKey(service('plugin:catalog', { permissionNames: ['a'] })),
      // A service named like a user is not that user.
      callerKey(service('user:default/ana')),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

import { ConfigReader } from '@backstage/config';
import { doraReadModelEnabled, readDeliverySettings } from './settings';

const read = (delivery?: object) =>
  readDeliverySettings(new ConfigReader(delivery ? { delivery } : {}));

describe('readDeliverySettings: delivery.oidc.github', () => {
  it('trusts GitHub Actions for the runway-delivery audience by default', () => {
    expect(read().githubOidc).toEqual({
      enabled: true,
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'runway-delivery',
      jwksUrl: 'https://token.actions.githubusercontent.com/.well-known/jwks',
    });
  });

  it('derives the keys URL from a configured issuer, without its trailing slash', () => {
    expect(
      read({
        oidc: {
          github: {
            issuer: 'https://ghe.example.com/_services/token/',
            audience: 'runway',
          },
        },
      }).githubOidc,
    ).toEqual({
      enabled: true,
      issuer: 'https://ghe.example.com/_services/token',
      audience: 'runway',
      jwksUrl: 'https://ghe.example.com/_services/token/.well-known/jwks',
    });
  });

  it('takes an explicit keys URL and can be switched off', () => {
    expect(
      read({
        oidc: {
          github: { enabled: false, jwksUrl: 'http://keys.internal/jwks' },
        },
      }).githubOidc,
    ).toMatchObject({ enabled: false, jwksUrl: 'http://keys.internal/jwks' });
  });

  it('refuses a keys URL that is not absolute', () => {
    expect(() => read({ oidc: { github: { jwksUrl: '/jwks' } } })).toThrow(
      'delivery.oidc.github.jwksUrl: must be an absolute URL, got /jwks',
    );
  });
});

describe('doraReadModelEnabled: delivery.dora.readModel', () => {
  const enabled = (dora: object, client: string) =>
    doraReadModelEnabled(
      readDeliverySettings(new ConfigReader({ delivery: { dora } })),
      client,
    );

  it('is on with PostgreSQL and off with SQLite when unset', () => {
    expect(enabled({}, 'pg')).toBe(true);
    expect(enabled({}, 'better-sqlite3')).toBe(false);
  });

  it('follows the config when set, on either database', () => {
    expect(enabled({ readModel: false }, 'pg')).toBe(false);
    expect(enabled({ readModel: true }, 'better-sqlite3')).toBe(true);
  });
});

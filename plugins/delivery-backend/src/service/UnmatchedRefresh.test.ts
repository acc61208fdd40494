import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogFingerprint, UnmatchedRefresh } from './UnmatchedRefresh';

const MINUTE = 60_000;
const resolution = { resolved: 0, unmatched: 1, commitsFilled: 0 };

function refresh(state: { unmatched: boolean; fingerprint: string }) {
  const resolve = jest.fn(async () => resolution);
  const fingerprint = jest.fn(async () => state.fingerprint);
  const subject = new UnmatchedRefresh({
    hasUnmatched: async () => state.unmatched,
    fingerprint,
    resolve,
    cacheTtlMs: 30_000,
    fullIntervalMs: 10 * MINUTE,
  });
  return { subject, resolve, fingerprint };
}

describe('UnmatchedRefresh', () => {
  it('between full runs, asks nothing of the catalog while nothing is unmatched', async () => {
    const { subject, resolve, fingerprint } = refresh({
      unmatched: false,
      fingerprint: 'a',
    });
    await subject.tick(0); // the first full run
    expect(resolve).toHaveBeenCalledTimes(1);
    await expect(subject.tick(1 * MINUTE)).resolves.toBeUndefined();
    await expect(subject.tick(9 * MINUTE)).resolves.toBeUndefined();
    expect(fingerprint).not.toHaveBeenCalled();
    expect(resolve).toHaveBeenCalledTimes(1);
    await subject.tick(10 * MINUTE);
    expect(resolve).toHaveBeenCalledTimes(2);
  });

  it('re-resolves at once when the catalog changed, once more after the cache TTL, then only every full interval', async () => {
    const state = { unmatched: true, fingerprint: 'a' };
    const { subject, resolve } = refresh(state);
    await subject.tick(0); // first tick: a full run
    expect(resolve).toHaveBeenCalledTimes(1);
    await subject.tick(1 * MINUTE); // the digest's baseline
    await subject.tick(1.5 * MINUTE); // unchanged
    expect(resolve).toHaveBeenCalledTimes(1);

    state.fingerprint = 'b'; // a component was registered
    await expect(subject.tick(2 * MINUTE)).resolves.toEqual(resolution);
    expect(resolve).toHaveBeenCalledTimes(2);
    await subject.tick(3 * MINUTE); // the follow-up past the cache TTL
    expect(resolve).toHaveBeenCalledTimes(3);
    await subject.tick(4 * MINUTE);
    await subject.tick(12 * MINUTE);
    expect(resolve).toHaveBeenCalledTimes(3);
    await subject.tick(13 * MINUTE); // 10 minutes after the last run
    expect(resolve).toHaveBeenCalledTimes(4);
  });
});

describe('catalogFingerprint', () => {
  const component = (name: string, etag: string): Entity => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, etag },
    spec: { type: 'service', owner: 'team-a' },
  });
  const auth = mockServices.auth();

  it('changes when an entity is added or edited, not when nothing changed', async () => {
    const one = await catalogFingerprint(
      catalogServiceMock({ entities: [component('a', '1')] }),
      auth,
    );
    const same = await catalogFingerprint(
      catalogServiceMock({ entities: [component('a', '1')] }),
      auth,
    );
    const added = await catalogFingerprint(
      catalogServiceMock({
        entities: [component('a', '1'), component('b', '1')],
      }),
      auth,
    );
    const edited = await catalogFingerprint(
      catalogServiceMock({ entities: [component('a', '2')] }),
      auth,
    );
    expect(same).toBe(one);
    expect(new Set([one, added, edited]).size).toBe(3);
  });
});

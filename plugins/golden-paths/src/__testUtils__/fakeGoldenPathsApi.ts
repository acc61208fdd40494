import {
  EntityDrift,
  GoldenPathsApi,
} from '@runway/plugin-golden-paths-common';

function unexpected<K extends keyof GoldenPathsApi>(name: K) {
  return jest.fn<ReturnType<GoldenPathsApi[K]>, Parameters<GoldenPathsApi[K]>>(
    () =>
      Promise.reject(
        new Error(`unexpected call to GoldenPathsApi.${name}`),
      ) as ReturnType<GoldenPathsApi[K]>,
  );
}

/** A GoldenPathsApi whose every method is a jest mock that fails until a test says otherwise. */
export function fakeGoldenPathsApi(): jest.Mocked<GoldenPathsApi> {
  return {
    getEntityDrift: unexpected('getEntityDrift'),
    getDriftOverview: unexpected('getDriftOverview'),
  };
}

/** A promise that never settles: the loading state stays on screen. */
export function pending<T>(): Promise<T> {
  return new Promise<T>(() => {});
}

/** A drift as the backend answers it, behind by two versions unless overridden. */
export function entityDrift(overrides: Partial<EntityDrift> = {}): EntityDrift {
  return {
    entityRef: 'component:default/checkout',
    entityTitle: 'Checkout',
    ownerRef: 'group:default/team-storefront',
    templateRef: 'template:default/typescript-service',
    templateTitle: 'TypeScript service',
    recordedVersion: '1.0.0',
    currentVersion: '1.2.0',
    status: 'upgrade-available',
    changes: [
      { version: '1.2.0', body: '- Trivy now scans **IaC** too.' },
      { version: '1.1.0', body: '- Adds a PodDisruptionBudget.' },
    ],
    checkedAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}

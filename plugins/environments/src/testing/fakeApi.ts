import {
  EnvironmentCatalogue,
  EnvironmentRequest,
  EnvironmentRequestDetails,
  EnvironmentsApi,
  ListEnvironmentRequestsRequest,
} from '@runway/plugin-environments-common';

/** What the backend answers while it has no type catalogue and no provisioner. */
export const notConfiguredCatalogue: EnvironmentCatalogue = {
  currency: 'USD',
  types: [],
  configured: false,
  missingConfig: [
    'environments.types (or environments.builtInTypes: true)',
    'environments.provisioner.gitops.mode',
  ],
};

export const catalogue: EnvironmentCatalogue = {
  currency: 'USD',
  configured: true,
  types: [
    {
      name: 'preview',
      title: 'Preview',
      description: 'A branch deployed for review',
      sizes: [
        { name: 'small', pricePerDay: 2.4, cpu: '1', memory: '2Gi' },
        { name: 'medium', pricePerDay: 4.8, cpu: '2', memory: '4Gi' },
      ],
      defaultTtlHours: 24,
      maxTtlHours: 72,
      autoApprove: true,
      budget: 10,
      approvers: [],
      allowSelfApproval: false,
    },
    {
      name: 'staging',
      title: 'Staging',
      sizes: [{ name: 'large', pricePerDay: 9.6, cpu: '4', memory: '8Gi' }],
      defaultTtlHours: 168,
      maxTtlHours: 720,
      autoApprove: false,
      approvers: [],
      allowSelfApproval: false,
    },
  ],
};

const hoursFromNow = (hours: number) =>
  new Date(Date.now() + hours * 3600_000).toISOString();

export function environment(
  overrides: Partial<EnvironmentRequest> = {},
): EnvironmentRequest {
  return {
    id: 'env-1',
    name: 'payments-preview-a1b2c3',
    entityRef: 'component:default/payments',
    ownerRef: 'group:default/team-a',
    requestedBy: 'user:default/alice',
    type: 'preview',
    size: 'small',
    ttlHours: 24,
    branch: 'feature/checkout',
    purpose: 'review checkout',
    state: 'ready',
    estimate: { currency: 'USD', perDay: 2.4, total: 2.4, ttlHours: 24 },
    costSoFar: 1.2,
    url: 'https://payments-preview-a1b2c3.env.localhost',
    createdAt: hoursFromNow(-12),
    updatedAt: hoursFromNow(-12),
    readyAt: hoursFromNow(-12),
    expiresAt: hoursFromNow(12),
    allowedActions: ['extend', 'destroy'],
    ...overrides,
  };
}

export function details(
  request: EnvironmentRequest,
): EnvironmentRequestDetails {
  return { ...request, history: [] };
}

/** An EnvironmentsApi whose every method is a jest mock with sensible answers. */
export function fakeEnvironmentsApi(items: EnvironmentRequest[] = []) {
  const answer = async (id: string) =>
    details(items.find(item => item.id === id) ?? environment({ id }));
  const api = {
    getCatalogue: jest.fn(async () => catalogue),
    estimate: jest.fn(
      async (request: { type: string; size: string; ttlHours?: number }) => {
        const type = catalogue.types.find(t => t.name === request.type)!;
        const size = type.sizes.find(s => s.name === request.size)!;
        const ttlHours = request.ttlHours ?? type.defaultTtlHours;
        return {
          currency: 'USD',
          perDay: size.pricePerDay,
          total: Math.round((size.pricePerDay * ttlHours * 100) / 24) / 100,
          ttlHours,
        };
      },
    ),
    createRequest: jest.fn(async () => details(environment({ id: 'new' }))),
    listRequests: jest.fn(
      async (_request?: ListEnvironmentRequestsRequest) => ({ items }),
    ),
    getRequest: jest.fn(answer),
    approve: jest.fn(answer),
    reject: jest.fn(answer),
    extend: jest.fn(answer),
    destroy: jest.fn(answer),
    retry: jest.fn(answer),
  } satisfies EnvironmentsApi;
  return api;
}

import { DeploymentEvent, IncidentEvent } from '@runway/plugin-delivery-common';

/** Event builders shared by the DORA tests. */
export const PAYMENTS = 'component:default/payments';
export const LEDGER = 'component:default/ledger';

export function deployment(
  id: string,
  finishedAt: string,
  fields: Partial<DeploymentEvent> = {},
): DeploymentEvent {
  return {
    type: 'deployment',
    id,
    entityRef: PAYMENTS,
    environment: 'production',
    status: 'succeeded',
    finishedAt,
    ...fields,
  };
}

export function incident(
  id: string,
  openedAt: string,
  resolvedAt: string | null,
  fields: Partial<IncidentEvent> = {},
): IncidentEvent {
  return {
    type: 'incident',
    id,
    entityRef: PAYMENTS,
    environment: 'production',
    openedAt,
    resolvedAt,
    ...fields,
  };
}

export const HOUR = 3600;
export const DAY = 24 * HOUR;

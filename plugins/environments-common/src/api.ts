import {
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentListView,
  EnvironmentRequest,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
  EnvironmentState,
} from './types';

/** Per-call options: a token for backend-to-backend calls. @public */
export interface EnvironmentsRequestOptions {
  token?: string;
}

/** Which requests to list. @public */
export interface ListEnvironmentRequestsRequest {
  /** `mine` (default): requested by the caller; `team`: owned by the caller's teams. */
  view?: EnvironmentListView;
  /** Only the requests of this service. */
  entityRef?: string;
  /** Only requests in these states. */
  states?: EnvironmentState[];
}

/** A list of requests, newest first. @public */
export interface EnvironmentRequestList {
  items: EnvironmentRequest[];
}

/** The answer to a new request: the request, with its estimate and first transitions. @public */
export type CreateEnvironmentRequestResponse = EnvironmentRequestDetails;

/** The REST API of the environments backend (`/api/environments`). @public */
export interface EnvironmentsApi {
  getCatalogue(
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentCatalogue>;
  estimate(
    request: Pick<EnvironmentRequestInput, 'type' | 'size' | 'ttlHours'>,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentEstimate>;
  createRequest(
    request: EnvironmentRequestInput,
    options?: EnvironmentsRequestOptions,
  ): Promise<CreateEnvironmentRequestResponse>;
  listRequests(
    request?: ListEnvironmentRequestsRequest,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestList>;
  getRequest(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  approve(
    id: string,
    body?: { reason?: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  reject(
    id: string,
    body: { reason: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  /** Sets the TTL, counted from when the environment became ready. */
  extend(
    id: string,
    body: { ttlHours: number; reason?: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  destroy(
    id: string,
    body?: { reason?: string },
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  retry(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
}

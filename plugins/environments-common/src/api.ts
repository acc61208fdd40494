import {
  ApiRequestOptions,
  components,
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
  EnvironmentState,
  EstimateInput,
  operations,
} from './schema/openapi.generated';

/** Per-call options: a token for backend-to-backend calls. @public */
export type EnvironmentsRequestOptions = ApiRequestOptions;

/** Which requests to list. @public */
export type ListEnvironmentRequestsRequest = Omit<
  NonNullable<operations['ListRequests']['parameters']['query']>,
  'state'
> & {
  /** Only requests in these states (sent as one `state` parameter each). */
  states?: EnvironmentState[];
};

/** A list of requests, newest first. @public */
export type EnvironmentRequestList =
  operations['ListRequests']['responses'][200]['content']['application/json'];

/** The answer to a new request: the request, with its estimate and first transitions. @public */
export type CreateEnvironmentRequestResponse =
  operations['CreateRequest']['responses'][201]['content']['application/json'];

/** The optional reason of an approval or a teardown. @public */
export type EnvironmentReasonBody =
  components['requestBodies']['Reason']['content']['application/json'];

/** Why a request is rejected. @public */
export type RejectEnvironmentRequestBody = NonNullable<
  operations['Reject']['requestBody']
>['content']['application/json'];

/** The new TTL of an environment, and why. @public */
export type ExtendEnvironmentRequestBody = NonNullable<
  operations['Extend']['requestBody']
>['content']['application/json'];

/** The REST API of the environments backend (`/api/environments`). @public */
export interface EnvironmentsApi {
  getCatalogue(
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentCatalogue>;
  estimate(
    request: EstimateInput,
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
    body?: EnvironmentReasonBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  reject(
    id: string,
    body: RejectEnvironmentRequestBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  /** Sets the TTL, counted from when the environment became ready. */
  extend(
    id: string,
    body: ExtendEnvironmentRequestBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  destroy(
    id: string,
    body?: EnvironmentReasonBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
  retry(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails>;
}

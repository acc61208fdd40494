import {
  CreateEnvironmentRequestResponse,
  EnvironmentReasonBody,
  EnvironmentRequestList,
  EnvironmentsApi,
  EnvironmentsRequestOptions,
  ExtendEnvironmentRequestBody,
  ListEnvironmentRequestsRequest,
  RejectEnvironmentRequestBody,
} from './api';
import {
  DefaultApiClient,
  EnvironmentCatalogue,
  EnvironmentEstimate,
  EnvironmentRequestDetails,
  EnvironmentRequestInput,
  EstimateInput,
} from './schema/openapi.generated';

/**
 * {@link EnvironmentsApi} over HTTP, for frontends and backends alike: the client generated
 * from the backend's OpenAPI spec, with an id and a body per action and a list of states for
 * the list.
 *
 * @public
 */
export class EnvironmentsClient implements EnvironmentsApi {
  private readonly api: DefaultApiClient;

  constructor(options: ConstructorParameters<typeof DefaultApiClient>[0]) {
    this.api = new DefaultApiClient(options);
  }

  getCatalogue(
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentCatalogue> {
    return this.api.getCatalogue(options);
  }

  estimate(
    request: EstimateInput,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentEstimate> {
    return this.api.estimate({ body: request }, options);
  }

  createRequest(
    request: EnvironmentRequestInput,
    options?: EnvironmentsRequestOptions,
  ): Promise<CreateEnvironmentRequestResponse> {
    return this.api.createRequest({ body: request }, options);
  }

  listRequests(
    request: ListEnvironmentRequestsRequest = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestList> {
    // The spec's `state` is an exploded array: the generated client repeats it per state.
    const { states, ...rest } = request;
    return this.api.listRequests(
      { query: { ...rest, state: states } },
      options,
    );
  }

  getRequest(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.getRequest({ path: { id } }, options);
  }

  approve(
    id: string,
    body: EnvironmentReasonBody = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.approve({ path: { id }, body }, options);
  }

  reject(
    id: string,
    body: RejectEnvironmentRequestBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.reject({ path: { id }, body }, options);
  }

  extend(
    id: string,
    body: ExtendEnvironmentRequestBody,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.extend({ path: { id }, body }, options);
  }

  destroy(
    id: string,
    body: EnvironmentReasonBody = {},
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.destroy({ path: { id }, body }, options);
  }

  retry(
    id: string,
    options?: EnvironmentsRequestOptions,
  ): Promise<EnvironmentRequestDetails> {
    return this.api.retry({ path: { id } }, options);
  }
}

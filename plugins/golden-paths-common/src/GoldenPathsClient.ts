import {
  DriftOverview,
  EntityDrift,
  GetDriftOverviewRequest,
  GetEntityDriftRequest,
  GoldenPathsApi,
  GoldenPathsRequestOptions,
} from './api';
import { DefaultApiClient } from './schema/openapi.generated';

/**
 * {@link GoldenPathsApi} over HTTP, for frontends and backends alike: the client generated
 * from the backend's OpenAPI spec, with flat request objects.
 *
 * @public
 */
export class GoldenPathsClient implements GoldenPathsApi {
  private readonly api: DefaultApiClient;

  constructor(options: ConstructorParameters<typeof DefaultApiClient>[0]) {
    this.api = new DefaultApiClient(options);
  }

  getEntityDrift(
    request: GetEntityDriftRequest,
    options?: GoldenPathsRequestOptions,
  ): Promise<EntityDrift> {
    return this.api.getEntityDrift({ query: request }, options);
  }

  getDriftOverview(
    request: GetDriftOverviewRequest = {},
    options?: GoldenPathsRequestOptions,
  ): Promise<DriftOverview> {
    return this.api.getDriftOverview({ query: request }, options);
  }
}

import {
  AllocationReport,
  CostApi,
  CostImport,
  CostImportList,
  CostImportResult,
  CostOverview,
  CostRequestOptions,
  EntityCost,
  EntityCostSummary,
  GetAllocationReportRequest,
  GetCostOverviewRequest,
  GetEntityCostRequest,
  GetEntityCostSummaryRequest,
  ListCostImportsRequest,
  UploadCostFileRequest,
} from './api';
import { DefaultApiClient } from './schema/openapi.generated';

/**
 * {@link CostApi} over HTTP, for frontends and backends alike: the client generated from the
 * backend's OpenAPI spec, with flat request objects, a list of entity refs for the overview
 * and an upload that picks its content type from the file name.
 *
 * @public
 */
export class CostClient implements CostApi {
  private readonly api: DefaultApiClient;

  constructor(options: ConstructorParameters<typeof DefaultApiClient>[0]) {
    this.api = new DefaultApiClient(options);
  }

  getEntityCost(
    request: GetEntityCostRequest,
    options?: CostRequestOptions,
  ): Promise<EntityCost> {
    return this.api.getEntityCost({ query: request }, options);
  }

  getEntityCostSummary(
    request: GetEntityCostSummaryRequest,
    options?: CostRequestOptions,
  ): Promise<EntityCostSummary> {
    return this.api.getEntityCostSummary({ query: request }, options);
  }

  getOverview(
    request: GetCostOverviewRequest = {},
    options?: CostRequestOptions,
  ): Promise<CostOverview> {
    // The spec's `entityRef` is an exploded array: the generated client repeats it per ref.
    const { entityRefs, ...rest } = request;
    return this.api.getOverview(
      { query: { ...rest, entityRef: entityRefs } },
      options,
    );
  }

  getAllocationReport(
    request: GetAllocationReportRequest = {},
    options?: CostRequestOptions,
  ): Promise<AllocationReport> {
    return this.api.getAllocationReport({ query: request }, options);
  }

  listImports(
    request: ListCostImportsRequest = {},
    options?: CostRequestOptions,
  ): Promise<CostImportList> {
    return this.api.listImports({ query: request }, options);
  }

  getImport(id: string, options?: CostRequestOptions): Promise<CostImport> {
    return this.api.getImport({ path: { id } }, options);
  }

  async deleteImport(id: string, options?: CostRequestOptions): Promise<void> {
    await this.api.deleteImport({ path: { id } }, options);
  }

  uploadFile(
    request: UploadCostFileRequest,
    options?: CostRequestOptions,
  ): Promise<CostImportResult> {
    const { body, fileName, source } = request;
    return this.api.uploadCostFile(
      {
        query: { fileName, source },
        body: body as BodyInit,
        contentType: contentTypeOf(fileName),
      },
      options,
    );
  }
}

/** The spec's media type of a FOCUS file, by its name (the server sniffs the content too). */
function contentTypeOf(fileName: string) {
  const name = fileName.toLocaleLowerCase('en-US');
  if (name.endsWith('.parquet')) {
    return 'application/vnd.apache.parquet';
  }
  if (name.endsWith('.gz')) {
    return 'application/gzip';
  }
  return 'text/csv';
}

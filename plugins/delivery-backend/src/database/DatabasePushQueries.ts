import { Knex } from 'knex';
import {
  DeploymentAwaitingCommits,
  FindPushPathsRequest,
  FindShippedCommitsRequest,
  ListDeploymentsAwaitingCommitsRequest,
  ShippedCommit,
} from './DeliveryStore';
import {
  instantColumns,
  normalizeRef,
  normalizeRepository,
  Timestamp,
  toIso,
  VALUES_PER_LOOKUP,
} from './rows';

/** The most commits one deployment is given from pushes (a first deployment of a long history). */
const MAX_SHIPPED_COMMITS = 1000;

/**
 * Reads of pushed commits (`pushed_commits`): what a deployment shipped, the files of a push,
 * and the deployments still waiting for the push of their sha.
 */
export class DatabasePushQueries {
  constructor(private readonly db: Knex) {}

  async findShippedCommits(
    request: FindShippedCommitsRequest,
  ): Promise<ShippedCommit[]> {
    const repository = {
      provider: request.provider,
      repository: normalizeRepository(request.repository),
    };
    const target: { seq: number; branch: string } | undefined = await this.db(
      'pushed_commits',
    )
      .where({ ...repository, sha: request.sha })
      .modify(query => {
        if (request.branch) {
          query.where('branch', request.branch);
        }
      })
      .orderBy('seq', 'asc')
      .first('seq', 'branch');
    if (!target) {
      return [];
    }
    const branch = { ...repository, branch: target.branch };
    const previous = await this.db({ c: 'pushed_commits' })
      .join({ d: 'deployments' }, 'd.commit_sha', 'c.sha')
      .where({
        'c.provider': branch.provider,
        'c.repository': branch.repository,
        'c.branch': branch.branch,
        'd.entity_ref': normalizeRef(request.entityRef),
        'd.environment': request.environment,
        'd.status': 'succeeded',
      })
      .where('c.seq', '<', target.seq)
      .where('d.finished_at', '<', request.finishedBefore)
      .max({ seq: 'c.seq' })
      .first();
    const rows: Array<{
      sha: string;
      committed_at: Timestamp;
      paths: string | null;
    }> = await this.db('pushed_commits')
      .where(branch)
      .where('seq', '<=', target.seq)
      .where('seq', '>', previous?.seq ?? 0)
      .orderBy('seq', 'desc')
      .limit(MAX_SHIPPED_COMMITS)
      .select('sha', 'committed_at', 'paths');
    return rows.reverse().map(row => ({
      sha: row.sha,
      timestamp: toIso(row.committed_at),
      ...(row.paths ? { paths: JSON.parse(row.paths) } : {}),
    }));
  }

  async findPushPaths(
    request: FindPushPathsRequest,
  ): Promise<string[] | undefined> {
    const rows: Array<{ paths: string | null }> = await this.db(
      'pushed_commits',
    )
      .where({
        provider: request.provider,
        repository: normalizeRepository(request.repository),
        push_head_sha: request.headSha,
      })
      .whereNotNull('paths')
      .select('paths');
    const paths = new Set(
      rows.flatMap(row => JSON.parse(row.paths!) as string[]),
    );
    return paths.size > 0 ? [...paths] : undefined;
  }

  async listDeploymentsAwaitingCommits(
    request: ListDeploymentsAwaitingCommitsRequest,
  ): Promise<DeploymentAwaitingCommits[]> {
    const { pushed } = request;
    if (pushed?.shas.length === 0) {
      return [];
    }
    const rows: Array<{
      id: string;
      entity_ref: string;
      environment: string;
      finished_at: Timestamp;
      provider: string;
      repository: string;
      ref: string | null;
      sha: string;
    }> = await this.db({ l: 'deployment_commit_lookups' })
      .join({ d: 'deployments' }, 'd.id', 'l.deployment_id')
      .modify(query => {
        if (pushed) {
          query
            .where('l.provider', pushed.provider)
            .where('l.repository', normalizeRepository(pushed.repository))
            .whereIn('l.sha', pushed.shas.slice(0, VALUES_PER_LOOKUP));
        }
      })
      .whereExists(
        this.db({ c: 'pushed_commits' })
          .whereRaw('c.provider = l.provider')
          .whereRaw('c.repository = l.repository')
          .whereRaw('c.sha = l.sha')
          .select(this.db.raw('1')),
      )
      .orderBy([
        { column: 'd.finished_at', order: 'asc' },
        { column: 'd.id', order: 'asc' },
      ])
      .limit(request.limit)
      .select(
        'd.id',
        'd.entity_ref',
        'd.environment',
        ...instantColumns(this.db, 'd', ['finished_at']),
        'l.provider',
        'l.repository',
        'l.ref',
        'l.sha',
      );
    return rows.map(row => ({
      id: row.id,
      entityRef: row.entity_ref,
      environment: row.environment,
      finishedAt: toIso(row.finished_at),
      lookup: {
        deploymentId: row.id,
        provider: row.provider,
        repository: row.repository,
        ...(row.ref !== null ? { ref: row.ref } : {}),
        sha: row.sha,
      },
    }));
  }
}

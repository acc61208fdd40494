export type {
  AdapterError,
  AdapterResult,
  CommitRecord,
  CommitsLookup,
  EntityHint,
  IgnoredItem,
  MappedEvent,
  MergedChangeRecord,
  PushLookup,
  RepositoryProvider,
  UnresolvedDeliveryEvent,
  WebhookAuthentication,
} from './types';
export {
  CatalogEntityResolver,
  CDEVENTS_SERVICE_ID_ANNOTATION,
  GITHUB_PROJECT_SLUG_ANNOTATION,
  GITLAB_PROJECT_SLUG_ANNOTATION,
  SOURCE_PATHS_ANNOTATION,
} from './entityResolver';
export type {
  CatalogEntityResolverOptions,
  EntityResolution,
  EntityResolver,
  UnmatchedReason,
} from './entityResolver';
export { commitsOfEntity, resolveMappedEvents } from './resolveEvents';
export type {
  PushPathsLookup,
  ResolvedEvent,
  UnresolvedEvent,
} from './resolveEvents';
export { mapCdEvents } from './cdevents/mapCdEvents';
export {
  GITHUB_MAPPED_EVENTS,
  mapGithubWebhook,
} from './github/mapGithubWebhook';
export { verifyGithubSignature } from './github/verifyGithubSignature';
export {
  GITLAB_MAPPED_HOOKS,
  mapGitlabWebhook,
} from './gitlab/mapGitlabWebhook';
export { verifyGitlabToken } from './gitlab/verifyGitlabToken';

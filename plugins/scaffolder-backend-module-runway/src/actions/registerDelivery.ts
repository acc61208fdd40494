import {
  AuthService,
  DiscoveryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError, ResponseError } from '@backstage/errors';
import {
  DefaultGithubCredentialsProvider,
  ScmIntegrationRegistry,
} from '@backstage/integration';
import {
  createTemplateAction,
  parseRepoUrl,
} from '@backstage/plugin-scaffolder-node';
import sodium from 'libsodium-wrappers';
import { Octokit } from 'octokit';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { examples } from './registerDelivery.examples';
import { assertMayConnectRepository } from './repositoryOwnership';

/**
 * The GitHub events the hook delivers by default: pushes (every commit with its timestamp, for
 * lead time) and pull requests (merged changes). The golden paths' `scripts/runway-report.mjs`
 * is the one source of pipeline runs and deployments: it knows the deployed commit and the
 * commits shipped, which GitHub's events do not.
 */
export const DELIVERY_WEBHOOK_EVENTS = ['push', 'pull_request'];

/**
 * GitHub events that carry what the report script already posts (under its own ids): a hook
 * subscribed to them as well stores every CI run and every rollout twice, doubling deployment
 * frequency and halving change failure rate. Only for repositories that do not run the script.
 */
export const SCRIPT_REPORTED_EVENTS = [
  'workflow_run',
  'deployment',
  'deployment_status',
];
export const RUNWAY_URL_VARIABLE = 'RUNWAY_URL';
export const RUNWAY_TOKEN_SECRET = 'RUNWAY_TOKEN';

/** The provider the delivery backend binds a repository token to. */
const TOKEN_PROVIDER = 'github';

interface DeliverySettings {
  runwayUrl: string;
  webhookUrl: string;
  webhookSecret: string;
}

/** Everything the action needs from config, or an error that says which key to set. */
export function readDeliverySettings(config: Config): DeliverySettings {
  const runwayUrl = (
    config.getOptionalString('scaffolder.runway.delivery.url') ??
    config.getString('backend.baseUrl')
  ).replace(/\/+$/, '');
  const webhookSecret = config.getOptionalString(
    'delivery.github.webhookSecret',
  );
  if (!webhookSecret) {
    throw new InputError(
      'delivery.github.webhookSecret is not configured: Runway would reject every delivery of the webhook with 401',
    );
  }
  return {
    runwayUrl,
    webhookUrl: `${runwayUrl}/api/delivery/webhooks/github`,
    webhookSecret,
  };
}

/**
 * Asks the delivery backend for a token bound to one repository (`POST /tokens`, service to
 * service). Issuing one revokes the repository's previous token, so call it once per repository.
 */
async function issueRepositoryToken(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  repository: string;
}): Promise<string> {
  const { discovery, auth, repository } = options;
  const baseUrl = await discovery.getBaseUrl('delivery');
  const { token: serviceToken } = await auth.getPluginRequestToken({
    onBehalfOf: await auth.getOwnServiceCredentials(),
    targetPluginId: 'delivery',
  });
  const response = await fetch(`${baseUrl}/tokens`, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${serviceToken}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({ repository, provider: TOKEN_PROVIDER }),
  });
  if (!response.ok) {
    throw await ResponseError.fromResponse(response);
  }
  const body = await response.json();
  if (typeof body?.token !== 'string' || body.repository !== repository) {
    throw new Error(
      `The delivery backend answered POST ${baseUrl}/tokens without a token for ${repository}`,
    );
  }
  return body.token;
}

async function sealSecret(
  publicKeyBase64: string,
  value: string,
): Promise<string> {
  await sodium.ready;
  const sealed = sodium.crypto_box_seal(
    sodium.from_string(value),
    sodium.from_base64(publicKeyBase64, sodium.base64_variants.ORIGINAL),
  );
  return sodium.to_base64(sealed, sodium.base64_variants.ORIGINAL);
}

/**
 * `runway:delivery:register`: connects a new GitHub repository to Runway's delivery backend:
 * a webhook to `/api/delivery/webhooks/github` signed with `delivery.github.webhookSecret`,
 * the RUNWAY_URL variable, and a RUNWAY_TOKEN secret bound to this one repository (issued by
 * the delivery backend) for pipelines that cannot use GitHub's OIDC token.
 * Idempotent: an existing hook with the same URL is updated, not duplicated, its events
 * replaced, so a re-run (or the retrofit) unsubscribes an older hook from the events the
 * report script now posts.
 */
export function createRegisterDeliveryAction(options: {
  integrations: ScmIntegrationRegistry;
  config: Config;
  discovery: DiscoveryService;
  auth: AuthService;
  /** Who owns the repository's components (see assertMayConnectRepository). */
  catalog: CatalogService;
  permissions: PermissionsService;
}) {
  const { integrations, config, discovery, auth, catalog, permissions } =
    options;
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return createTemplateAction({
    id: 'runway:delivery:register',
    description:
      "Registers a GitHub repository with Runway's delivery backend: a webhook for pushes and pull requests (the repository's pipelines report runs and deployments themselves), the RUNWAY_URL variable and a RUNWAY_TOKEN secret bound to that repository. Re-running it updates an existing hook's events.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoUrl: z =>
          z.string({
            description:
              'Repository, as RepoUrlPicker gives it: github.com?owner=acme&repo=invoice-api',
          }),
        events: z =>
          z
            .array(z.string(), {
              description:
                'GitHub events to deliver (default: push and pull_request). Add workflow_run and deployment_status only for a repository whose pipelines do not run scripts/runway-report.mjs: with both, every run and deployment is counted twice',
            })
            .optional(),
        token: z =>
          z
            .string({
              description:
                'GitHub token; default: the GitHub integration credentials',
            })
            .optional(),
      },
      output: {
        webhookUrl: z =>
          z.string({ description: 'Where GitHub delivers events' }),
        webhookId: z =>
          z
            .number({ description: 'The GitHub hook id (absent in dry-run)' })
            .optional(),
        runwayUrl: z =>
          z.string({ description: 'The RUNWAY_URL the pipelines report to' }),
      },
    },
    async handler(ctx) {
      const { repoUrl, events = DELIVERY_WEBHOOK_EVENTS } = ctx.input;
      const { host, owner, repo } = parseRepoUrl(repoUrl, integrations);
      const integration = integrations.github.byHost(host);
      if (!integration) {
        throw new InputError(
          `repoUrl: ${host} is not a configured GitHub integration; runway:delivery:register supports GitHub only`,
        );
      }
      if (!owner) {
        throw new InputError('repoUrl: no repository owner');
      }
      const settings = readDeliverySettings(config);
      const doubled = events.filter(event =>
        SCRIPT_REPORTED_EVENTS.includes(event),
      );
      if (doubled.length > 0) {
        ctx.logger.warn(
          `The webhook is subscribed to ${doubled.join(
            ', ',
          )}: if ${owner}/${repo}'s pipelines run scripts/runway-report.mjs (every golden-path service does), each pipeline run and deployment is stored twice. Leave events unset for golden-path services.`,
        );
      }
      ctx.output('webhookUrl', settings.webhookUrl);
      ctx.output('runwayUrl', settings.runwayUrl);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create a webhook on ${owner}/${repo} to ${
            settings.webhookUrl
          } for ${events.join(', ')}, and set ${RUNWAY_URL_VARIABLE}=${
            settings.runwayUrl
          } and the ${RUNWAY_TOKEN_SECRET} secret to a token issued for ${owner}/${repo} by the delivery backend`,
        );
        return;
      }

      // Before anything changes on GitHub or in Runway: the repository must be the caller's.
      await assertMayConnectRepository({
        catalog,
        auth,
        permissions,
        credentials: await ctx.getInitiatorCredentials(),
        repository: `${owner}/${repo}`,
      });

      const token =
        ctx.input.token ??
        (
          await credentialsProvider.getCredentials({
            url: `https://${host}/${owner}/${repo}`,
          })
        ).token;
      if (!token) {
        throw new InputError(
          `No GitHub credentials for ${host}/${owner}; configure integrations.github`,
        );
      }
      const octokit = new Octokit({
        auth: token,
        baseUrl: integration.config.apiBaseUrl,
      });

      const webhookId = await ctx.checkpoint({
        key: `runway.delivery.webhook.${owner}.${repo}`,
        fn: async () => {
          const hookConfig = {
            url: settings.webhookUrl,
            content_type: 'json',
            secret: settings.webhookSecret,
            insecure_ssl: '0',
          };
          const existing = (
            await octokit.rest.repos.listWebhooks({
              owner,
              repo,
              per_page: 100,
            })
          ).data.find(hook => hook.config.url === settings.webhookUrl);
          if (existing) {
            await octokit.rest.repos.updateWebhook({
              owner,
              repo,
              hook_id: existing.id,
              config: hookConfig,
              events,
              active: true,
            });
            return existing.id;
          }
          const created = await octokit.rest.repos.createWebhook({
            owner,
            repo,
            name: 'web',
            config: hookConfig,
            events,
            active: true,
          });
          return created.data.id;
        },
      });
      ctx.logger.info(
        `Webhook ${webhookId} on ${owner}/${repo} delivers to ${settings.webhookUrl}`,
      );

      await ctx.checkpoint({
        key: `runway.delivery.variable.${owner}.${repo}`,
        fn: async () => {
          // Update first: a missing variable is a 404, which octokit does not retry (a 409 it would).
          try {
            await octokit.rest.actions.updateRepoVariable({
              owner,
              repo,
              name: RUNWAY_URL_VARIABLE,
              value: settings.runwayUrl,
            });
          } catch (error) {
            if ((error as { status?: number }).status !== 404) {
              throw error;
            }
            await octokit.rest.actions.createRepoVariable({
              owner,
              repo,
              name: RUNWAY_URL_VARIABLE,
              value: settings.runwayUrl,
            });
          }
        },
      });

      // The token is sealed with the repository's public key as soon as it is issued: the
      // checkpoint (kept in the task's state) then holds only what GitHub alone can open, and a
      // retried task stores it without issuing, and so revoking, another token.
      const sealedToken = await ctx.checkpoint({
        key: `runway.delivery.token.${owner}.${repo}`,
        fn: async () => {
          const publicKey = await octokit.rest.actions.getRepoPublicKey({
            owner,
            repo,
          });
          const repositoryToken = await issueRepositoryToken({
            discovery,
            auth,
            repository: `${owner}/${repo}`,
          });
          return {
            keyId: publicKey.data.key_id,
            encryptedValue: await sealSecret(
              publicKey.data.key,
              repositoryToken,
            ),
          };
        },
      });

      await ctx.checkpoint({
        key: `runway.delivery.secret.${owner}.${repo}`,
        fn: async () => {
          await octokit.rest.actions.createOrUpdateRepoSecret({
            owner,
            repo,
            secret_name: RUNWAY_TOKEN_SECRET,
            encrypted_value: sealedToken.encryptedValue,
            key_id: sealedToken.keyId,
          });
        },
      });
      ctx.logger.info(
        `Set ${RUNWAY_URL_VARIABLE} and ${RUNWAY_TOKEN_SECRET} (a token valid for ${owner}/${repo} only) on ${owner}/${repo}`,
      );
      ctx.output('webhookId', webhookId);
    },
  });
}

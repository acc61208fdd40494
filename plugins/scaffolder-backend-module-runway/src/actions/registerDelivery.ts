import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
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
import { examples } from './registerDelivery.examples';

/** The GitHub events Runway's delivery backend maps (see delivery-backend's adapters README). */
export const DELIVERY_WEBHOOK_EVENTS = [
  'workflow_run',
  'deployment',
  'deployment_status',
  'push',
  'pull_request',
];
export const RUNWAY_URL_VARIABLE = 'RUNWAY_URL';
export const RUNWAY_TOKEN_SECRET = 'RUNWAY_TOKEN';

interface DeliverySettings {
  runwayUrl: string;
  webhookUrl: string;
  webhookSecret: string;
  ingestionToken: string;
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
  const ingestionToken = config.getOptionalString(
    'scaffolder.runway.delivery.ingestionToken',
  );
  if (!ingestionToken) {
    throw new InputError(
      'scaffolder.runway.delivery.ingestionToken is not configured: pipelines would have no token to report to Runway with',
    );
  }
  return {
    runwayUrl,
    webhookUrl: `${runwayUrl}/api/delivery/webhooks/github`,
    webhookSecret,
    ingestionToken,
  };
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
 * plus the RUNWAY_URL variable and RUNWAY_TOKEN secret its workflows report with.
 * Idempotent: an existing hook with the same URL is updated, not duplicated.
 */
export function createRegisterDeliveryAction(options: {
  integrations: ScmIntegrationRegistry;
  config: Config;
}) {
  const { integrations, config } = options;
  const credentialsProvider =
    DefaultGithubCredentialsProvider.fromIntegrations(integrations);

  return createTemplateAction({
    id: 'runway:delivery:register',
    description:
      "Registers a GitHub repository with Runway's delivery backend: webhook, RUNWAY_URL variable and RUNWAY_TOKEN secret.",
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
                'GitHub events to deliver (default: those Runway maps)',
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
      ctx.output('webhookUrl', settings.webhookUrl);
      ctx.output('runwayUrl', settings.runwayUrl);

      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create a webhook on ${owner}/${repo} to ${
            settings.webhookUrl
          } for ${events.join(', ')}, and set ${RUNWAY_URL_VARIABLE}=${
            settings.runwayUrl
          } and the ${RUNWAY_TOKEN_SECRET} secret`,
        );
        return;
      }

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

      await ctx.checkpoint({
        key: `runway.delivery.secret.${owner}.${repo}`,
        fn: async () => {
          const publicKey = await octokit.rest.actions.getRepoPublicKey({
            owner,
            repo,
          });
          await octokit.rest.actions.createOrUpdateRepoSecret({
            owner,
            repo,
            secret_name: RUNWAY_TOKEN_SECRET,
            encrypted_value: await sealSecret(
              publicKey.data.key,
              settings.ingestionToken,
            ),
            key_id: publicKey.data.key_id,
          });
        },
      });
      ctx.logger.info(
        `Set ${RUNWAY_URL_VARIABLE} and ${RUNWAY_TOKEN_SECRET} on ${owner}/${repo}`,
      );
      ctx.output('webhookId', webhookId);
    },
  });
}

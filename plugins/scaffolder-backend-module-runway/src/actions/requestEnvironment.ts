import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { EnvironmentsClient } from '@runway/plugin-environments-common';
import { examples } from './requestEnvironment.examples';

/**
 * `runway:environment:request`: requests an environment through the environments API, as the
 * user running the template, so the same validation, policy, quotas and approvals apply as in
 * the portal. A dry run only prices the request.
 *
 * @public
 */
export function createRequestEnvironmentAction(options: {
  auth: AuthService;
  discovery: DiscoveryService;
}) {
  const { auth, discovery } = options;
  const client = new EnvironmentsClient({ discoveryApi: discovery });

  return createTemplateAction({
    id: 'runway:environment:request',
    description:
      'Requests an environment for a service (estimate, policy and approval as in the portal).',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        entityRef: z =>
          z.string({
            description: 'The service, e.g. component:default/payments',
          }),
        type: z => z.string({ description: 'Environment type, e.g. preview' }),
        size: z => z.string({ description: 'Size of the type, e.g. small' }),
        ttlHours: z =>
          z
            .number({ description: "Lifetime in hours; default: the type's" })
            .optional(),
        branch: z => z.string({ description: 'Branch to deploy' }).optional(),
        version: z => z.string({ description: 'Version to deploy' }).optional(),
        purpose: z => z.string({ description: 'What the environment is for' }),
      },
      output: {
        id: z =>
          z
            .string({ description: 'The request id (absent in dry-run)' })
            .optional(),
        name: z =>
          z
            .string({ description: 'The environment name (absent in dry-run)' })
            .optional(),
        state: z =>
          z
            .string({
              description: 'approved or pending_approval (absent in dry-run)',
            })
            .optional(),
        estimate: z => z.number({ description: 'Cost for the whole lifetime' }),
        currency: z => z.string({ description: 'Currency of the estimate' }),
      },
    },
    async handler(ctx) {
      const { entityRef, type, size, ttlHours, branch, version, purpose } =
        ctx.input;
      const { token } = await auth.getPluginRequestToken({
        onBehalfOf: await ctx.getInitiatorCredentials(),
        targetPluginId: 'environments',
      });
      const estimate = await client.estimate(
        { type, size, ttlHours },
        { token },
      );
      ctx.output('estimate', estimate.total);
      ctx.output('currency', estimate.currency);
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would request a ${type} environment (${size}) of ${entityRef} for ${estimate.ttlHours} hours, ${estimate.total} ${estimate.currency}`,
        );
        return;
      }
      const created = await ctx.checkpoint({
        key: `runway.environment.request.${entityRef}.${type}`,
        fn: async () => {
          const request = await client.createRequest(
            { entityRef, type, size, ttlHours, branch, version, purpose },
            { token },
          );
          return { id: request.id, name: request.name, state: request.state };
        },
      });
      ctx.logger.info(
        `Requested environment ${created.name} (${created.state}): ${estimate.total} ${estimate.currency}`,
      );
      ctx.output('id', created.id);
      ctx.output('name', created.name);
      ctx.output('state', created.state);
    },
  });
}

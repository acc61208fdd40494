import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { environmentsPlugin } from './plugin';

describe('environmentsPlugin', () => {
  it('schedules the lifecycle worker with the configured schedule and registers its permissions', async () => {
    const scheduleTask = jest.fn<
      Promise<void>,
      [SchedulerServiceTaskInvocationDefinition & { frequency?: unknown }]
    >(async () => {});
    const addResourceType = jest.fn();
    const addPermissions = jest.fn();
    await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.rootConfig.factory({
          data: {
            environments: {
              builtInTypes: true,
              provisioner: { gitops: { mode: 'local' } },
              lifecycle: {
                schedule: {
                  frequency: { minutes: 1 },
                  timeout: { minutes: 2 },
                },
              },
            },
          },
        }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        mockServices.permissionsRegistry.mock({
          addResourceType,
          addPermissions,
          getPermissionRuleset: jest.fn(() => ({
            getRuleByName: jest.fn(),
          })) as any,
        }).factory,
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    expect(scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'environments-lifecycle',
        frequency: { minutes: 1 },
        timeout: { minutes: 2 },
      }),
    );
    expect(addResourceType).toHaveBeenCalledWith(
      expect.objectContaining({
        permissions: [
          expect.objectContaining({ name: 'environments.request.approve' }),
          expect.objectContaining({ name: 'environments.request.extend' }),
          expect.objectContaining({ name: 'environments.request.destroy' }),
        ],
      }),
    );
    expect(addPermissions).toHaveBeenCalledWith([
      expect.objectContaining({ name: 'environments.request.create' }),
      expect.objectContaining({ name: 'environments.request.manage' }),
    ]);
  });

  it('starts without the demo catalogue or a provisioner, and warns naming the keys to set, when not configured', async () => {
    const scheduleTask = jest.fn(async () => {});
    const logger = mockServices.logger.mock();
    await startTestBackend({
      features: [
        environmentsPlugin,
        mockServices.rootConfig.factory({ data: {} }),
        mockServices.scheduler.mock({ scheduleTask }).factory,
        logger.factory,
        catalogServiceMock.factory({ entities: [] }),
        createServiceFactory({
          service: notificationService,
          deps: {},
          factory: () => ({ send: async () => {} }),
        }),
      ],
    });
    expect(scheduleTask).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(
      'Environments are not configured: set environments.types (or environments.builtInTypes: true) and environments.provisioner.gitops.mode (see the @runway/plugin-environments-backend README)',
    );
  });
});

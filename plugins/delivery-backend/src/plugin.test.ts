import { startTestBackend } from '@backstage/backend-test-utils';
import { deliveryPlugin } from './plugin';

describe('deliveryPlugin', () => {
  it('starts in a backend', async () => {
    const { server } = await startTestBackend({ features: [deliveryPlugin] });
    expect(server.address()).toBeTruthy();
    await server.stop();
  });
});

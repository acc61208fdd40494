import plugin from './alpha';

describe('environments plugin (new frontend system)', () => {
  it('provides the API, the page, and the card and tab of services', () => {
    for (const id of [
      'api:environments',
      'page:environments',
      'entity-card:environments',
      'entity-content:environments',
    ]) {
      expect(plugin.getExtension(id as never)).toBeDefined();
    }
  });
});

import goldenPathsPlugin from './alpha';

describe('golden-paths plugin (new frontend system)', () => {
  it('provides the API and the Golden path entity card', () => {
    expect(goldenPathsPlugin.id).toBe('golden-paths');
    for (const id of ['api:golden-paths', 'entity-card:golden-paths/drift']) {
      expect(goldenPathsPlugin.getExtension(id as any)).toBeDefined();
    }
  });
});

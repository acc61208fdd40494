import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';

/**
 * The catalog list with health columns (DORA level, last production deployment, main
 * pipeline, 30-day cost). `@backstage/plugin-catalog`'s page extension has no option for
 * table columns in the new frontend system, so this overrides the extension the supported
 * way, through `override` in a module of the catalog plugin: same path, route, filters
 * input and `pagination` config; only the page's loader changes, to render the catalog's own
 * `CatalogTable` with its `columns` option.
 */
export const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  factory(originalFactory, { inputs, config }) {
    return originalFactory({
      params: {
        loader: async () => {
          const { CatalogHealthPage } = await import('./CatalogHealthPage');
          const filters = inputs.filters.map(filter =>
            filter.get(coreExtensionData.reactElement),
          );
          return (
            <CatalogHealthPage
              filters={<>{filters}</>}
              pagination={config.pagination}
            />
          );
        },
      },
    });
  },
});

export const catalogModule = createFrontendModule({
  pluginId: 'catalog',
  extensions: [catalogPage],
});

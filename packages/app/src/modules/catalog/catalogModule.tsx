import {
  coreExtensionData,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { z } from 'zod';

/**
 * The catalog list with health columns (DORA level, last production deployment, main
 * pipeline, 30-day cost). `@backstage/plugin-catalog`'s page extension has no option for
 * table columns in the new frontend system, so this overrides the extension the supported
 * way, through `override` in a module of the catalog plugin: same path, route, filters
 * input and `pagination` config; only the page's loader changes, to render the catalog's own
 * `CatalogTable` with its `columns` option. `healthColumns: false` in the extension's config
 * gives back the stock page (`yarn bench:pages` compares the two).
 */
export const catalogPage = catalogPlugin.getExtension('page:catalog').override({
  configSchema: {
    healthColumns: z.boolean().default(true),
  },
  factory(originalFactory, { inputs, config }) {
    if (!config.healthColumns) {
      return originalFactory();
    }
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

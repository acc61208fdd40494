/*
 * Rebuilds the DORA read model (dora_* tables) from the stored raw events, e.g. after a
 * change of what it holds or of the attribution window. The backend does the same at start
 * when `delivery.dora.readModel` is on and the model was built for another attribution
 * window or never; this command does it without a restart, on the plugin's own database:
 *
 *   yarn rederive --database sqlite:/path/to/delivery.sqlite
 *   yarn rederive --database postgresql://user@host:5432/backstage_plugin_delivery
 *   yarn rederive --database ... --attribution-window-hours 48   # default 24
 *
 * Writers may keep posting meanwhile: each write re-derives the entities it touches.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import knexFactory from 'knex';
import { DatabaseDoraFacts } from '../src/database/DatabaseDoraFacts';
import { DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS } from '../src/dora';

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index < 0 ? undefined : process.argv[index + 1];
}

async function main() {
  const database = argument('--database');
  if (!database) {
    throw new Error(
      'usage: yarn rederive --database sqlite:<file> | postgresql://... [--attribution-window-hours N]',
    );
  }
  const hours = Number(
    argument('--attribution-window-hours') ??
      DEFAULT_INCIDENT_ATTRIBUTION_WINDOW_HOURS,
  );
  if (!Number.isFinite(hours) || hours < 0) {
    throw new Error('--attribution-window-hours must be a number >= 0');
  }
  const knex = database.startsWith('sqlite:')
    ? knexFactory({
        client: 'better-sqlite3',
        connection: { filename: database.slice('sqlite:'.length) },
        useNullAsDefault: true,
      })
    : knexFactory({ client: 'pg', connection: database });
  try {
    await knex.migrate.latest({
      directory: resolvePackagePath(
        '@runway/plugin-delivery-backend',
        'migrations',
      ),
    });
    const start = performance.now();
    const { entities } = await new DatabaseDoraFacts(knex, {
      attributionWindowHours: hours,
    }).rebuild();
    console.log(
      `Re-derived the DORA read model of ${entities} entities in ${(
        (performance.now() - start) /
        1000
      ).toFixed(1)} s (attribution window ${hours} h)`,
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});

/*
 * Runway's backend: a stock Backstage backend (new backend system) plus Runway's plugins.
 * Which database, sign-in and demo data it uses comes from app-config*.yaml, not from code.
 */
import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

// Serves the built frontend in production (`yarn build:all`, then one process on :7007).
backend.add(import('@backstage/plugin-app-backend'));

// Sign-in: guest for the embedded default, GitHub for production (app-config.production.yaml).
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-auth-backend-module-github-provider'));
// DEVELOPMENT ONLY: sign in as a named demo user; refuses unless enabled (app-config.yaml).
// A production build does not even register it, so its route is a plain 404 there.
if (process.env.NODE_ENV !== 'production') {
  backend.add(
    import('@runway/plugin-auth-backend-module-runway-demo-provider'),
  );
}

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-github'));
backend.add(import('@backstage/plugin-scaffolder-backend-module-gitlab'));
backend.add(
  import('@backstage/plugin-scaffolder-backend-module-notifications'),
);

backend.add(import('@backstage/plugin-techdocs-backend'));

// Permission framework with Runway's policy: `runway.admins` manage cost data, unmatched
// events and every environment; everyone else follows catalog visibility and ownership.
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('@runway/plugin-permission-backend-module-runway'));

// Search: PostgreSQL full-text search when on PostgreSQL, in-memory Lunr otherwise.
backend.add(import('@backstage/plugin-search-backend'));
backend.add(import('@backstage/plugin-search-backend-module-pg'));
backend.add(import('@backstage/plugin-search-backend-module-catalog'));
backend.add(import('@backstage/plugin-search-backend-module-techdocs'));

backend.add(import('@backstage/plugin-user-settings-backend'));
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));

// Runway
backend.add(import('@runway/plugin-delivery-backend'));
backend.add(import('@runway/plugin-cost-backend'));
backend.add(import('@runway/plugin-golden-paths-backend'));
backend.add(import('@runway/plugin-environments-backend'));
// Scaffolder actions (runway:template:record, runway:delivery:register,
// runway:conformance:check, runway:environment:request, runway:publish:local) and the
// catalog module that reads repositories runway:publish:local made (when it is enabled).
backend.add(import('@runway/plugin-scaffolder-backend-module-runway'));

backend.start();

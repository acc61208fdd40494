/*
 * The plugin alone in a new-frontend-system app, against the environments backend's own dev
 * server (plugins/environments-backend: `yarn start`, which signs every request in as
 * user:default/mock): `yarn start` here, then open /environments or
 * /catalog/default/component/sample/environments.
 */
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import ReactDOM from 'react-dom/client';
import environmentsPlugin from '../src/alpha';

const app = createApp({ features: [catalogPlugin, environmentsPlugin] });

ReactDOM.createRoot(document.getElementById('root')!).render(app.createRoot());

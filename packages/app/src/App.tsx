import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { catalogModule } from './modules/catalog';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';

// Every plugin listed in this package's dependencies is discovered through `app.packages: all`;
// only the app's own modules are listed here.
export default createApp({
  features: [catalogPlugin, catalogModule, navModule, homeModule, signInModule],
});

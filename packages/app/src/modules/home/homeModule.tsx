import { createFrontendModule } from '@backstage/frontend-plugin-api';
import {
  HomePageLayoutBlueprint,
  HomePageWidgetBlueprint,
} from '@backstage/plugin-home-react/alpha';
import { MarkdownContent } from '@backstage/core-components';

const content = `
## Welcome to Runway

Runway is your internal developer platform: every service, who owns it, how it is
delivered and what it costs, in one place.

- **Find a service**: browse the [Software Catalog](/catalog) and open a service to see its
  owner, docs, APIs and dependencies.
- **Create a service**: pick a golden path under [Create](/create); the new repository
  comes wired for CI/CD, security scanning and monitoring.
- **Read the docs**: every service's TechDocs are under [Docs](/docs).

The organisation shown in the embedded default ("Runway Demo Co.") is demo data from
\`examples/\`. Production replaces it with your own catalog.
`;

const gettingStartedWidget = HomePageWidgetBlueprint.make({
  name: 'getting-started',
  params: {
    name: 'GettingStarted',
    title: 'Getting started',
    description: 'What Runway offers and where to start',
    components: async () => ({
      Content: () => <MarkdownContent content={content} />,
    }),
  },
});

/** The personal home's layout: Runway's sections first, then the widgets. */
const homeLayout = HomePageLayoutBlueprint.make({
  params: {
    loader: async () => (await import('./HomeLayout')).HomeLayout,
  },
});

export const homeModule = createFrontendModule({
  pluginId: 'home',
  extensions: [gettingStartedWidget, homeLayout],
});

import { useState } from 'react';
import {
  InfoCard,
  ProxiedSignInPage,
  SignInPage,
  SignInProviderConfig,
} from '@backstage/core-components';
import {
  configApiRef,
  createFrontendModule,
  githubAuthApiRef,
  useApi,
} from '@backstage/frontend-plugin-api';
import {
  SignInPageBlueprint,
  SignInPageProps,
} from '@backstage/plugin-app-react';
import { Box, Button, TextField, Typography } from '@material-ui/core';

const githubProvider: SignInProviderConfig = {
  id: 'github-auth-provider',
  title: 'GitHub',
  message: 'Sign in with your GitHub account',
  apiRef: githubAuthApiRef,
};

/** URL query parameter that picks the demo user, e.g. `/?runway-demo-user=amara.okafor`. */
export const DEMO_USER_PARAM = 'runway-demo-user';
/** Where the chosen demo user is kept, so a reload signs the same person in again. */
const DEMO_USER_STORAGE_KEY = 'runway:demo-user';
/** The header the backend's runway-demo provider reads. */
const DEMO_USER_HEADER = 'x-runway-demo-user';

function storedDemoUser(): string | undefined {
  const fromUrl = new URLSearchParams(window.location.search)
    .get(DEMO_USER_PARAM)
    ?.trim();
  if (fromUrl) {
    window.localStorage.setItem(DEMO_USER_STORAGE_KEY, fromUrl);
    return fromUrl;
  }
  return window.localStorage.getItem(DEMO_USER_STORAGE_KEY) ?? undefined;
}

function forgetDemoUser() {
  window.localStorage.removeItem(DEMO_USER_STORAGE_KEY);
}

/**
 * DEVELOPMENT ONLY: signs in as the named demo user through the backend's `runway-demo`
 * provider (plugins/auth-backend-module-runway-demo-provider), which refuses unless enabled.
 */
function DemoUserSignIn(
  props: SignInPageProps & { user: string; onCancel(): void },
) {
  const { user, onCancel, onSignInSuccess } = props;
  return (
    <ProxiedSignInPage
      provider="runway-demo"
      headers={{ [DEMO_USER_HEADER]: user }}
      onSignInSuccess={identity =>
        // Signing out must forget the user, or the next load would sign them in again.
        onSignInSuccess({
          getProfileInfo: () => identity.getProfileInfo(),
          getBackstageIdentity: () => identity.getBackstageIdentity(),
          getCredentials: () => identity.getCredentials(),
          signOut: async () => {
            forgetDemoUser();
            await identity.signOut();
          },
        })
      }
      ErrorComponent={({ error }) => (
        <Box m={4} maxWidth={640}>
          <Typography color="error" role="alert">
            Could not sign in as demo user {user}: {error?.message}
          </Typography>
          <Box mt={2}>
            <Button
              variant="outlined"
              onClick={() => {
                forgetDemoUser();
                onCancel();
              }}
            >
              Back to sign-in
            </Button>
          </Box>
        </Box>
      )}
    />
  );
}

function DemoUserForm(props: { onSubmit(user: string): void }) {
  const [user, setUser] = useState('');
  return (
    <Box maxWidth={480} mx="auto" mt={2} mb={4}>
      <InfoCard title="Demo user (development only)">
        <Typography variant="body2" paragraph>
          Sign in as a person of the demo organisation, e.g. amara.okafor of
          team Payments, to act as them (approve their team&apos;s
          environments).
        </Typography>
        <form
          onSubmit={event => {
            event.preventDefault();
            if (user.trim()) {
              window.localStorage.setItem(DEMO_USER_STORAGE_KEY, user.trim());
              props.onSubmit(user.trim());
            }
          }}
        >
          <TextField
            id="runway-demo-user"
            label="Demo user name"
            value={user}
            onChange={event => setUser(event.target.value)}
            fullWidth
            margin="dense"
          />
          <Button type="submit" color="primary" variant="contained">
            Sign in as demo user
          </Button>
        </form>
      </InfoCard>
    </Box>
  );
}

/**
 * Shows the sign-in buttons named by `app.signInProviders`: guest for the embedded default,
 * GitHub in production, and the development-only `runway-demo` user picker when listed
 * (the browser tests list it). Config drives it so one build serves both.
 */
export function RunwaySignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const names = config.getOptionalStringArray('app.signInProviders') ?? [
    'guest',
  ];
  const demo = names.includes('runway-demo');
  const [demoUser, setDemoUser] = useState(() =>
    demo ? storedDemoUser() : undefined,
  );
  if (demo && demoUser) {
    return (
      <DemoUserSignIn
        {...props}
        user={demoUser}
        onCancel={() => setDemoUser(undefined)}
      />
    );
  }
  const providers = names
    .filter(name => name !== 'runway-demo')
    .map((name): SignInProviderConfig | 'guest' =>
      name === 'github' ? githubProvider : 'guest',
    );
  return (
    <>
      {/* A list of providers already signs the last one in again on reload (SignInPage
          stores the choice), so guest is remembered without the `auto` prop. */}
      <SignInPage {...props} providers={providers} />
      {demo && <DemoUserForm onSubmit={setDemoUser} />}
    </>
  );
}

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => RunwaySignInPage,
  },
});

export const signInModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});

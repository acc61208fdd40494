import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapCdEvents } from './cdevents/mapCdEvents';
import {
  GITHUB_MAPPED_EVENTS,
  mapGithubWebhook,
} from './github/mapGithubWebhook';
import {
  GITLAB_MAPPED_HOOKS,
  mapGitlabWebhook,
} from './gitlab/mapGitlabWebhook';
import {
  propertyFailure,
  jsonShaped,
  mutationsOf,
  resultOrClientError,
} from './__testUtils__/properties';
import { oraclePath, oracleSuite } from './__testUtils__/oracle';

const NUM_RUNS = 300;

const githubExamples: Array<{
  name: string;
  examples: unknown[];
}> = require('@octokit/webhooks-examples');

const github = githubExamples
  .filter(e => (GITHUB_MAPPED_EVENTS as readonly string[]).includes(e.name))
  .flatMap(e => e.examples.map(example => ({ event: e.name, example })));

const gitlabFixtures = join(__dirname, 'gitlab/__fixtures__');
const GITLAB_HOOK_OF_FIXTURE: Record<string, string> = {
  pipeline: 'Pipeline Hook',
  deployment: 'Deployment Hook',
  'merge-request': 'Merge Request Hook',
  push: 'Push Hook',
};
const gitlab = readdirSync(gitlabFixtures).map(file => ({
  hook: GITLAB_HOOK_OF_FIXTURE[
    Object.keys(GITLAB_HOOK_OF_FIXTURE).find(prefix => file.startsWith(prefix))!
  ],
  example: JSON.parse(readFileSync(join(gitlabFixtures, file), 'utf8')),
}));

const cdeventsConformance = oraclePath('cdevents', 'conformance');
/** The CDEvents spec's conformance examples, kept in ../shared (not shipped). */
const cdeventsOracle = oracleSuite(
  'mapCdEvents over mutated conformance examples',
  [cdeventsConformance],
);
const cdevents = cdeventsOracle.present
  ? readdirSync(cdeventsConformance).map(file =>
      JSON.parse(readFileSync(join(cdeventsConformance, file), 'utf8')),
    )
  : [];

const githubEventName = fc.oneof(
  fc.constantFrom(...GITHUB_MAPPED_EVENTS, 'ping', ''),
  fc.string(),
);
const gitlabHookName = fc.oneof(
  fc.constantFrom(...GITLAB_MAPPED_HOOKS, 'System Hook', ''),
  fc.string(),
);

describe('adapters under arbitrary input', () => {
  it('has real payloads to mutate', () => {
    expect(github.length).toBeGreaterThan(10);
    expect(gitlab.every(g => g.hook)).toBe(true);
  });

  cdeventsOracle.describe('over the CDEvents conformance examples', () => {
    it('has the CDEvents conformance examples to mutate', () => {
      expect(cdevents.length).toBeGreaterThan(30);
    });
  });

  describe('mapCdEvents', () => {
    it('maps any value or refuses it as a client error', () => {
      expect(
        propertyFailure(
          fc.property(fc.oneof(fc.anything(), jsonShaped), body => {
            resultOrClientError(() => mapCdEvents(body));
          }),
          { numRuns: NUM_RUNS },
        ),
      ).toBeUndefined();
    });

    cdeventsOracle.describe('over the CDEvents conformance examples', () => {
      it('maps mutated conformance examples, alone or in arrays', () => {
        let mapped = 0;
        fc.assert(
          fc.property(
            fc.array(mutationsOf(cdevents), { minLength: 1, maxLength: 3 }),
            fc.boolean(),
            (bodies, asArray) => {
              const result = resultOrClientError(() =>
                mapCdEvents(asArray ? bodies : bodies[0]),
              );
              mapped += result?.events.length ? 1 : 0;
            },
          ),
          { numRuns: NUM_RUNS },
        );
        // The mutations leave enough intact for the mapping code to run, not only validation.
        expect(mapped).toBeGreaterThan(0);
      });
    });
  });

  describe('mapGithubWebhook', () => {
    it('maps any value under any event name or refuses it as a client error', () => {
      expect(
        propertyFailure(
          fc.property(
            githubEventName,
            fc.oneof(fc.anything(), jsonShaped),
            (event, body) => {
              resultOrClientError(() => mapGithubWebhook(event, body));
            },
          ),
          { numRuns: NUM_RUNS },
        ),
      ).toBeUndefined();
    });

    it('maps mutated recorded deliveries', () => {
      let mapped = 0;
      fc.assert(
        fc.property(
          fc
            .constantFrom(...github)
            .chain(({ event, example }) =>
              mutationsOf([example]).map(body => ({ event, body })),
            ),
          ({ event, body }) => {
            const result = resultOrClientError(() =>
              mapGithubWebhook(event, body),
            );
            mapped += result?.events.length ? 1 : 0;
          },
        ),
        { numRuns: NUM_RUNS },
      );
      expect(mapped).toBeGreaterThan(0);
    });
  });

  describe('mapGitlabWebhook', () => {
    it('maps any value under any hook name or refuses it as a client error', () => {
      expect(
        propertyFailure(
          fc.property(
            gitlabHookName,
            fc.oneof(fc.anything(), jsonShaped),
            (hook, body) => {
              resultOrClientError(() => mapGitlabWebhook(hook, body));
            },
          ),
          { numRuns: NUM_RUNS },
        ),
      ).toBeUndefined();
    });

    it('maps mutated recorded deliveries', () => {
      let mapped = 0;
      fc.assert(
        fc.property(
          fc
            .constantFrom(...gitlab)
            .chain(({ hook, example }) =>
              mutationsOf([example]).map(body => ({ hook, body })),
            ),
          ({ hook, body }) => {
            const result = resultOrClientError(() =>
              mapGitlabWebhook(hook, body),
            );
            mapped += result?.events.length ? 1 : 0;
          },
        ),
        { numRuns: NUM_RUNS },
      );
      expect(mapped).toBeGreaterThan(0);
    });
  });

  it('tells a client error from any other throw', () => {
    expect(() =>
      resultOrClientError(() => {
        throw new TypeError('x is undefined');
      }),
    ).toThrow(TypeError);
    expect(
      propertyFailure(
        fc.property(fc.anything(), value => {
          resultOrClientError(() => {
            throw new TypeError(`cannot read ${typeof value}`);
          });
        }),
      ),
    ).toMatch(/cannot read/);
  });
});

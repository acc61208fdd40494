import { act, render, renderHook, screen } from '@testing-library/react';
import { Suspense } from 'react';
import { deferred } from '../../__testUtils__/fixtures';
import { useEarlyAsync } from './useEarlyAsync';

function Probe(props: {
  client: object;
  id: string | undefined;
  run: () => Promise<string>;
  onRender?: () => void;
}) {
  props.onRender?.();
  const state = useEarlyAsync(props.client, props.id, props.run);
  if (state.loading) return <p>loading</p>;
  if (state.error) return <p>failed: {state.error.message}</p>;
  return <p>value: {String(state.value)}</p>;
}

/** A sibling that keeps its Suspense boundary on the fallback until `open()`. */
function gate() {
  let open = () => {};
  let isOpen = false;
  const opened = new Promise<void>(resolve => {
    open = () => {
      isOpen = true;
      resolve();
    };
  });
  function Gate() {
    if (!isOpen) throw opened;
    return null;
  }
  return { Gate, open: () => act(async () => open()) };
}

describe('useEarlyAsync', () => {
  afterEach(() => jest.useRealTimers());

  it('asks while the component is rendered but not yet shown, once for every render of the key, and shows the answer when it appears', async () => {
    const client = {};
    const answer = deferred<string>();
    const run = jest.fn(() => answer.promise);
    const { Gate, open } = gate();
    render(
      <Suspense fallback={<p>page loading</p>}>
        <Gate />
        <Probe client={client} id="payments" run={run} />
        <Probe client={client} id="payments" run={run} />
      </Suspense>,
    );
    expect(screen.getByText('page loading')).toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(1);

    await act(async () => answer.resolve('42'));
    await open();

    // On screen with the answer at once: no loading state in between.
    expect(screen.getAllByText('value: 42')).toHaveLength(2);
    expect(screen.queryByText('loading')).not.toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('renders once for an answer that arrived before the component appeared', async () => {
    const client = {};
    const answer = deferred<string>();
    const { Gate, open } = gate();
    const renders = jest.fn();
    render(
      <Suspense fallback={<p>page loading</p>}>
        <Gate />
        <Probe
          client={client}
          id="payments"
          run={() => answer.promise}
          onRender={renders}
        />
      </Suspense>,
    );
    await act(async () => answer.resolve('42'));
    renders.mockClear();
    await open();
    await act(async () => {});

    expect(screen.getByText('value: 42')).toBeInTheDocument();
    expect(renders).toHaveBeenCalledTimes(1);
  });

  it('shows loading, then the answer, for a request still under way when it appears', async () => {
    const answer = deferred<string>();
    render(<Probe client={{}} id="payments" run={() => answer.promise} />);
    expect(screen.getByText('loading')).toBeInTheDocument();
    await act(async () => answer.resolve('42'));
    expect(screen.getByText('value: 42')).toBeInTheDocument();
  });

  it('gives the same state on every render until the answer changes it', async () => {
    const client = {};
    const answer = deferred<string>();
    const { result, rerender } = renderHook(() =>
      useEarlyAsync(client, 'payments', () => answer.promise),
    );
    const loading = result.current;
    rerender();
    expect(result.current).toBe(loading);

    await act(async () => answer.resolve('42'));
    const answered = result.current;
    expect(answered).toEqual({ loading: false, value: '42' });
    rerender();
    expect(result.current).toBe(answered);
  });

  it('shows the error of a failed request', async () => {
    render(
      <Probe
        client={{}}
        id="payments"
        run={async () => {
          throw new Error('cost backend down');
        }}
      />,
    );
    expect(
      await screen.findByText('failed: cost backend down'),
    ).toBeInTheDocument();
  });

  it('asks afresh once an answer has been shown, for another key and for another client', async () => {
    const client = {};
    const run = jest.fn(async () => 'fresh');
    const first = render(<Probe client={client} id="payments" run={run} />);
    expect(await screen.findByText('value: fresh')).toBeInTheDocument();
    first.unmount();

    const again = render(<Probe client={client} id="payments" run={run} />);
    expect(await screen.findByText('value: fresh')).toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(2);
    again.rerender(<Probe client={client} id="checkout" run={run} />);
    expect(await screen.findByText('value: fresh')).toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(3);
    again.rerender(<Probe client={{}} id="checkout" run={run} />);
    expect(await screen.findByText('value: fresh')).toBeInTheDocument();
    expect(run).toHaveBeenCalledTimes(4);
  });

  it('does not join a request a thrown-away render started more than a few seconds ago', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-12-05T08:00:00Z') });
    const client = {};
    const stale = jest.fn(async () => 'stale');
    const fresh = jest.fn(async () => 'fresh');
    const thrownAway = gate();
    const { unmount } = render(
      <Suspense fallback={null}>
        <thrownAway.Gate />
        <Probe client={client} id="payments" run={stale} />
      </Suspense>,
    );
    expect(stale).toHaveBeenCalledTimes(1);
    unmount();

    jest.setSystemTime(Date.parse('2026-12-05T08:00:30Z'));
    render(<Probe client={client} id="payments" run={fresh} />);
    await act(async () => {});
    expect(fresh).toHaveBeenCalledTimes(1);
    expect(screen.getByText('value: fresh')).toBeInTheDocument();
  });

  it('asks nothing without a key', () => {
    const run = jest.fn(async () => 'never');
    render(<Probe client={{}} id={undefined} run={run} />);
    expect(run).not.toHaveBeenCalled();
  });
});

/** src/excel/pane-host.ts: the playground bridge is used only when asked for and reachable. */
import {
  PLAYGROUND_GLOBAL,
  hostFromBridge,
  playgroundBridge,
  type PlaygroundBridge,
} from '../../src/excel/pane-host';

function fakeWindow(search: string, parent: unknown): Window {
  const w = { location: { search }, parent: undefined as unknown } as {
    location: { search: string };
    parent: unknown;
  };
  w.parent = parent === 'self' ? w : parent;
  return w as unknown as Window;
}

const bridge = (): PlaygroundBridge => ({
  Excel: { run: jest.fn(async (_o, batch) => batch({} as Excel.RequestContext)) },
  displayLanguage: 'en-US',
  isSetSupported: () => true,
  asOf: '2026-01-31',
  notify: jest.fn(),
});

describe('playgroundBridge', () => {
  test('needs ?playground and a same-origin parent that installed the bridge', () => {
    const b = bridge();
    expect(playgroundBridge(fakeWindow('?playground=1', { [PLAYGROUND_GLOBAL]: b }))).toBe(b);
    expect(playgroundBridge(fakeWindow('', { [PLAYGROUND_GLOBAL]: b }))).toBeNull();
    expect(playgroundBridge(fakeWindow('?playground=1', 'self'))).toBeNull();
    expect(playgroundBridge(fakeWindow('?playground=1', {}))).toBeNull();
  });

  test('a cross-origin parent (Office on the web) throws on access: no bridge, no exception', () => {
    const parent = new Proxy(
      {},
      {
        get() {
          throw new DOMException('Blocked a frame with origin', 'SecurityError');
        },
      },
    );
    expect(playgroundBridge(fakeWindow('?playground=1', parent))).toBeNull();
  });
});

describe('hostFromBridge', () => {
  test('runs batches with delayForCellEdit and notifies after each run, also on failure', async () => {
    const b = bridge();
    const host = hostFromBridge(b);
    expect(host.kind).toBe('playground');
    expect(host.displayLanguage).toBe('en-US');
    expect(host.asOf).toBe('2026-01-31');
    await host.run(async () => 1);
    expect(b.Excel.run).toHaveBeenCalledWith({ delayForCellEdit: true }, expect.any(Function));
    await expect(
      host.run(async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(b.notify).toHaveBeenCalledTimes(2);
  });
});

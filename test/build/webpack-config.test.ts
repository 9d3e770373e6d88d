/**
 * webpack.config.js modes, without building: HTTPS/HTTP/playground dev server, certificate
 * handling, devtool (never eval), output names and the manifest transform.
 * office-addin-dev-certs is mocked: these tests never touch real certificates.
 */
import * as nodePath from 'path';
import type webpack from 'webpack';

const getHttpsServerOptions = jest.fn();
jest.mock('office-addin-dev-certs', () => ({ getHttpsServerOptions }));

type ConfigFactory = (env: Record<string, unknown>, argv: { mode?: string }) => Promise<webpack.Configuration>;
const configFactory = jest.requireActual<ConfigFactory>('../../webpack.config.js');

interface ServerConfig {
  type: string;
  options?: { key?: unknown; cert?: unknown; ca?: unknown };
}
interface HtmlPluginLike {
  userOptions: { filename: string; chunks: string[]; templateParameters: { officeJsUrl: string } };
}
interface CopyPattern {
  from: string;
  to: string;
  transform?: (content: Buffer) => string;
}

/** webpack's Configuration type does not declare devServer (webpack-dev-server augments it). */
function devServer(c: webpack.Configuration): { server: ServerConfig; port: number } {
  return (c as { devServer?: unknown }).devServer as { server: ServerConfig; port: number };
}
function server(c: webpack.Configuration): ServerConfig {
  return devServer(c).server;
}
function htmlPages(c: webpack.Configuration): HtmlPluginLike['userOptions'][] {
  return (c.plugins ?? [])
    .filter((p) => p && p.constructor.name === 'HtmlWebpackPlugin')
    .map((p) => (p as unknown as HtmlPluginLike).userOptions);
}
function copyPatterns(c: webpack.Configuration): CopyPattern[] {
  const plugin = (c.plugins ?? []).find((p) => p && p.constructor.name === 'CopyPlugin') as unknown as {
    patterns: CopyPattern[];
  };
  return plugin.patterns;
}

beforeEach(() => {
  getHttpsServerOptions.mockReset();
  getHttpsServerOptions.mockRejectedValue(new Error('no certificates in this test'));
});

describe('dev server', () => {
  test('serves HTTPS on port 3000 by default, with office-addin-dev-certs certificates', async () => {
    getHttpsServerOptions.mockResolvedValue({ ca: Buffer.from('ca'), cert: Buffer.from('cert'), key: Buffer.from('key') });
    const c = await configFactory({ WEBPACK_SERVE: true }, { mode: 'development' });
    expect(getHttpsServerOptions).toHaveBeenCalledTimes(1);
    expect(server(c).type).toBe('https');
    expect(server(c).options?.cert).toEqual(Buffer.from('cert'));
    expect(devServer(c).port).toBe(3000);
  });

  test('fails with a helpful message when HTTPS is wanted but certificates are missing', async () => {
    await expect(configFactory({ WEBPACK_SERVE: true, https: true }, { mode: 'development' })).rejects.toThrow(
      /office-addin-dev-certs install.*--env http/s,
    );
  });

  test('--env http never touches certificates', async () => {
    const c = await configFactory({ WEBPACK_SERVE: true, http: true }, { mode: 'development' });
    expect(getHttpsServerOptions).not.toHaveBeenCalled();
    expect(server(c).type).toBe('http');
  });

  test('--env playground serves HTTP and Office.js from its own origin', async () => {
    const c = await configFactory({ WEBPACK_SERVE: true, playground: true, port: '3100' }, { mode: 'development' });
    expect(getHttpsServerOptions).not.toHaveBeenCalled();
    expect(server(c).type).toBe('http');
    expect(devServer(c).port).toBe(3100);
    for (const page of htmlPages(c)) expect(page.templateParameters.officeJsUrl).toBe('office-js/office.js');
    const officeFiles = copyPatterns(c).filter((p) => p.to.startsWith('office-js/'));
    expect(officeFiles.map((p) => p.from)).toEqual(
      expect.arrayContaining(['office.js', 'ja-jp/office_strings.js', 'en-us/office_strings.js']),
    );
  });

  test('--env http and --env https together are refused', async () => {
    await expect(configFactory({ WEBPACK_SERVE: true, http: true, https: true }, { mode: 'development' })).rejects.toThrow(
      /either/,
    );
  });

  test('building (not serving) never touches certificates', async () => {
    await configFactory({ WEBPACK_BUILD: true }, { mode: 'production' });
    await configFactory({ WEBPACK_BUILD: true }, { mode: 'development' });
    expect(getHttpsServerOptions).not.toHaveBeenCalled();
  });
});

describe('build settings', () => {
  test('no eval-based devtool in any mode; source maps in development', async () => {
    const dev = await configFactory({ WEBPACK_BUILD: true }, { mode: 'development' });
    const prod = await configFactory({ WEBPACK_BUILD: true }, { mode: 'production' });
    const prodMaps = await configFactory({ WEBPACK_BUILD: true, sourcemaps: true }, { mode: 'production' });
    expect(dev.devtool).toBe('source-map');
    expect(prod.devtool).toBe(false);
    expect(prodMaps.devtool).toBe('source-map');
  });

  test('content-hashed chunk names, output in dist/', async () => {
    const c = await configFactory({ WEBPACK_BUILD: true }, { mode: 'production' });
    expect(c.output?.filename).toBe('[name].[contenthash].js');
    expect(c.output?.chunkFilename).toBe('[name].[contenthash].js');
    expect(c.output?.path).toMatch(/[\\/]dist$/);
  });

  test('pages: taskpane, commands and dialog, each with its own chunk; Office.js from the CDN', async () => {
    const c = await configFactory({ WEBPACK_BUILD: true }, { mode: 'production' });
    const pages = htmlPages(c);
    expect(pages.map((p) => p.filename).sort()).toEqual(['commands.html', 'dialog.html', 'taskpane.html']);
    expect(pages.find((p) => p.filename === 'taskpane.html')?.chunks).toEqual(['taskpane']);
    expect(pages.find((p) => p.filename === 'commands.html')?.chunks).toEqual(['commands']);
    for (const p of pages) {
      expect(p.templateParameters.officeJsUrl).toBe('https://appsforoffice.microsoft.com/lib/1/hosted/office.js');
    }
  });

  test('production rewrites the manifest to ADDIN_PUBLIC_URL; development copies it unchanged', async () => {
    const previous = process.env.ADDIN_PUBLIC_URL;
    process.env.ADDIN_PUBLIC_URL = 'https://addins.example.org/kr';
    try {
      const prod = await configFactory({ WEBPACK_BUILD: true }, { mode: 'production' });
      const dev = await configFactory({ WEBPACK_BUILD: true }, { mode: 'development' });
      const xml = Buffer.from('<a href="https://localhost:3000/taskpane.html"/>');
      const prodManifest = copyPatterns(prod).find((p) => p.from === 'manifest*.xml');
      expect(prodManifest?.transform?.(xml)).toBe('<a href="https://addins.example.org/kr/taskpane.html"/>');
      expect(copyPatterns(dev).find((p) => p.from === 'manifest*.xml')?.transform).toBeUndefined();
    } finally {
      if (previous === undefined) delete process.env.ADDIN_PUBLIC_URL;
      else process.env.ADDIN_PUBLIC_URL = previous;
    }
  });

  test('an invalid ADDIN_PUBLIC_URL stops the build', async () => {
    const previous = process.env.ADDIN_PUBLIC_URL;
    process.env.ADDIN_PUBLIC_URL = 'http://addins.example.org/';
    try {
      await expect(configFactory({ WEBPACK_BUILD: true }, { mode: 'production' })).rejects.toThrow(/https/);
    } finally {
      if (previous === undefined) delete process.env.ADDIN_PUBLIC_URL;
      else process.env.ADDIN_PUBLIC_URL = previous;
    }
  });
});

describe('watching (issue 19 item 8)', () => {
  test('the playground watches only the sources: files written elsewhere in the project are ignored', async () => {
    const c = await configFactory({ WEBPACK_SERVE: true, playground: true }, { mode: 'development' });
    const ignored = c.watchOptions?.ignored;
    expect(ignored).toBeInstanceOf(RegExp);
    const re = ignored as RegExp;
    const root = nodePath.resolve(__dirname, '../..').replace(/\\/g, '/');
    for (const rel of [
      'docs/images/taskpane-results.png',
      'test-output/screenshots/a.png',
      'demo/result.xlsx',
      'dist/taskpane.html',
      'bench/results/latest.json',
      'npm-debug.log',
      'README.md',
      'node_modules/react/index.js',
      'srcx/a.ts',
      'packages/excel-double/test/core.test.ts',
      'packages/excel-double/README.md',
    ])
      expect([rel, re.test(`${root}/${rel}`)]).toEqual([rel, true]);
    for (const rel of [
      'src/taskpane/App.tsx',
      'assets/icon-32.png',
      'manifest.xml',
      'package.json',
      'webpack.config.js',
      'packages/excel-double/src/core.ts',
      'packages/excel-double/package.json',
      'packages/excel-double',
    ])
      expect([rel, re.test(`${root}/${rel}`)]).toEqual([rel, false]);
    expect(re.test(root)).toBe(false);
  });
});

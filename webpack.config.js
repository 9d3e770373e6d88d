/*
 * webpack configuration for the Kakari Roster Excel add-in (task pane + function commands).
 * Modelled on the Office add-in React template (yo office), with these differences:
 *   - TypeScript through ts-loader (transpileOnly; run `tsc --noEmit` for type errors);
 *   - the manifest's dev URL is rewritten to $ADDIN_PUBLIC_URL in production (scripts/manifest-url.js);
 *   - no eval-based devtool in any mode, so the pages' CSP (SPEC §7, no 'unsafe-eval') holds in dev too;
 *   - a plain-HTTP mode and a "playground" mode that serves Office.js from this origin.
 *
 * Usage (see the npm scripts):
 *   webpack --mode production                          dist/ for deployment
 *       ADDIN_PUBLIC_URL=https://host/path/            base URL where dist/ is served (HTTPS, required for real
 *                                                      deployments; default placeholder https://www.contoso.com/kakari-roster/)
 *       --env sourcemaps                               also emit .map files
 *   webpack serve --mode development                   https://localhost:3000 with office-addin-dev-certs certificates
 *       --env http                                     plain http://localhost:3000, never touches certificates
 *       --env playground                               Office.js from this origin (dist/office-js/); implies http
 *                                                      unless --env https is given; adds playground.html (the
 *                                                      pane beside an in-memory workbook) and sample.xlsx
 *       --env port=3001                                another port (the manifest expects 3000)
 */
'use strict';

const fs = require('fs');
const path = require('path');
const webpack = require('webpack');
const HtmlWebpackPlugin = require('html-webpack-plugin');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const { DEFAULT_PROD_URL, normalizeBaseUrl, rewriteManifestUrls } = require('./scripts/manifest-url');

const ROOT = __dirname;
const OFFICE_JS_CDN_URL = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
/** Where playground builds put their copy of Office.js (relative to dist/ and to the pages). */
const OFFICE_JS_LOCAL_DIR = 'office-js';
/**
 * Files of @microsoft/office-js that office.js may load for Excel: the loader, its helpers, the
 * Excel host scripts (only loaded inside Office), telemetry, and the strings for ja-JP and en-US
 * (en-us is the loader's fallback locale). Debug builds and other hosts/locales are left out.
 */
const OFFICE_JS_FILES = [
  'office.js',
  'o15apptofilemappingtable.js',
  'es6-promise.js',
  'excel-*16.0*.js',
  'telemetry/oteljs_agave.js',
  'ja-jp/office_strings.js',
  'en-us/office_strings.js',
];

/** Emits one build warning (used when the production URL is the placeholder). */
class BuildWarningPlugin {
  constructor(message) {
    this.message = message;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('BuildWarningPlugin', (compilation) => {
      compilation.warnings.push(new webpack.WebpackError(this.message));
    });
  }
}

/**
 * Playground only: emits sample.xlsx (the `kakari-roster sample` roster, 1,000 doctors, seed 1) into
 * the output, generated from the TypeScript sources by src/playground/make-sample.cjs in a child
 * process. Generated once per webpack process (dev-server rebuilds reuse it); nothing is downloaded.
 */
class PlaygroundSamplePlugin {
  constructor(options = {}) {
    this.doctors = options.doctors || 1000;
    this.seed = options.seed || 1;
    this.filename = options.filename || 'sample.xlsx';
    this.cache = null;
  }
  generate() {
    if (!this.cache) {
      const { execFile } = require('child_process');
      const os = require('os');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kakari-playground-'));
      const out = path.join(dir, this.filename);
      const script = path.join(ROOT, 'src', 'playground', 'make-sample.cjs');
      this.cache = new Promise((resolve, reject) => {
        execFile(
          process.execPath,
          [script, out, '--doctors', String(this.doctors), '--seed', String(this.seed)],
          { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
          (err, _stdout, stderr) => {
            try {
              if (err) throw new Error(`could not generate the playground sample: ${stderr || err.message}`);
              resolve(fs.readFileSync(out));
            } catch (e) {
              reject(e);
            } finally {
              fs.rmSync(dir, { recursive: true, force: true });
            }
          },
        );
      });
      this.cache.catch(() => {
        this.cache = null;
      });
    }
    return this.cache;
  }
  apply(compiler) {
    compiler.hooks.thisCompilation.tap('PlaygroundSamplePlugin', (compilation) => {
      compilation.hooks.processAssets.tapPromise(
        { name: 'PlaygroundSamplePlugin', stage: webpack.Compilation.PROCESS_ASSETS_STAGE_ADDITIONAL },
        async () => {
          const buf = await this.generate();
          compilation.emitAsset(this.filename, new webpack.sources.RawSource(buf));
        },
      );
    });
  }
}

function flag(value) {
  return value === true || value === 'true' || value === '1';
}

async function getHttpsServerOptions() {
  // Required lazily: plain-HTTP and build-only runs must not depend on certificates.
  const devCerts = require('office-addin-dev-certs');
  try {
    const options = await devCerts.getHttpsServerOptions();
    return { ca: options.ca, key: options.key, cert: options.cert };
  } catch (err) {
    throw new Error(
      `Could not load the localhost development certificates (${err && err.message ? err.message : err}).\n` +
        'Install them with `npx office-addin-dev-certs install`, or serve over plain HTTP with `--env http`.',
    );
  }
}

/**
 * What the dev server (and `webpack --watch`) watches: only the sources — src/, assets/, the
 * manifests, package.json and this file — and the workspace packages' src/ and package.json (the
 * playground's Excel double, packages/excel-double). Everything else under the repository is
 * ignored, so files written there while the playground runs (screenshots in docs/images or
 * test-output, logs, dist/, demo/, node_modules) never trigger a rebuild. Without this, the
 * `manifest*.xml` copy pattern makes webpack watch the whole repository root as a context dependency.
 */
function watchIgnored(root) {
  const base = root.replace(/\\/g, '/').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const kept = [
    'src(?:/|$)',
    'packages(?:$|/[^/]+(?:$|/package\\.json$|/src(?:/|$)))',
    'assets(?:/|$)',
    'manifest[^/]*\\.xml$',
    'package\\.json$',
    'webpack\\.config\\.js$',
  ];
  return new RegExp(`^${base}/(?!(?:${kept.join('|')}))`);
}

module.exports = async (env = {}, argv = {}) => {
  const mode = argv.mode || (process.env.NODE_ENV === 'development' ? 'development' : 'production');
  const dev = mode === 'development';
  const serving = flag(env.WEBPACK_SERVE);
  const playground = flag(env.playground);
  const wantHttp = flag(env.http);
  const wantHttps = flag(env.https);
  if (wantHttp && wantHttps) throw new Error('Use either --env http or --env https, not both.');
  // Default when serving: HTTPS (Office requires it), except in playground mode.
  const useHttps = serving && (wantHttps || (!wantHttp && !playground));
  const port = Number(env.port || process.env.PORT || 3000);
  const sourceMaps = dev || flag(env.sourcemaps);

  const publicUrlFromEnv = process.env.ADDIN_PUBLIC_URL;
  const prodUrl = normalizeBaseUrl(publicUrlFromEnv || DEFAULT_PROD_URL);

  const officeJsUrl = playground ? `${OFFICE_JS_LOCAL_DIR}/office.js` : OFFICE_JS_CDN_URL;
  const officeJsDist = path.join(path.dirname(require.resolve('@microsoft/office-js/package.json')), 'dist');

  // The error dialog's script is optional until someone writes it (see src/dialog/dialog.html).
  const dialogEntry = ['dialog.ts', 'dialog.tsx', 'index.ts', 'index.tsx']
    .map((f) => path.join(ROOT, 'src', 'dialog', f))
    .find((f) => fs.existsSync(f));

  const entry = {
    taskpane: './src/taskpane/index.tsx',
    commands: './src/commands/commands.ts',
  };
  if (dialogEntry) entry.dialog = dialogEntry;

  const page = (name, template, chunks) =>
    new HtmlWebpackPlugin({
      filename: `${name}.html`,
      template,
      chunks,
      inject: 'head',
      scriptLoading: 'defer',
      templateParameters: { officeJsUrl },
      // webpack 5.112's own HTML minimizer already minifies .html assets in production; don't do it twice.
      minify: false,
    });

  const copyPatterns = [
    { from: 'assets/*', to: '[path][name][ext]', context: ROOT },
    {
      from: 'manifest*.xml',
      to: '[name][ext]',
      context: ROOT,
      // Like the template's urlDev -> urlProd transform, but failing if any localhost URL survives.
      transform: dev ? undefined : (content) => rewriteManifestUrls(content.toString('utf8'), prodUrl),
    },
  ];
  if (playground) {
    for (const file of OFFICE_JS_FILES) {
      copyPatterns.push({
        from: file,
        context: officeJsDist,
        // Keep the package's layout (office.js loads "<locale>/office_strings.js", "telemetry/…").
        to: path.posix.join(OFFICE_JS_LOCAL_DIR, path.posix.dirname(file), '[name][ext]'),
        globOptions: { ignore: ['**/*.debug.js'] },
      });
    }
  }

  const plugins = [
    page('taskpane', './src/taskpane/taskpane.html', ['taskpane']),
    page('commands', './src/commands/commands.html', ['commands']),
    page('dialog', './src/dialog/dialog.html', dialogEntry ? ['dialog'] : []),
    new CopyWebpackPlugin({ patterns: copyPatterns }),
  ];
  if (playground) {
    // The playground (npm run playground): the real task pane in an iframe beside a grid of an
    // in-memory workbook backed by the Excel test double (src/playground/).
    entry.playground = './src/playground/index.tsx';
    plugins.push(page('playground', './src/playground/playground.html', ['playground']));
    // The same task pane bundle without Office.js (office.js blanks framed pages outside Office).
    plugins.push(page('playground-pane', './src/playground/pane.html', ['taskpane']));
    plugins.push(new PlaygroundSamplePlugin());
  }
  if (!dev && !publicUrlFromEnv) {
    plugins.push(
      new BuildWarningPlugin(
        `ADDIN_PUBLIC_URL is not set: dist/manifest.xml points at the placeholder ${DEFAULT_PROD_URL}. ` +
          'Set ADDIN_PUBLIC_URL to the HTTPS base URL where dist/ will be served.',
      ),
    );
  }

  const config = {
    mode,
    context: ROOT,
    target: ['web', 'es2021'],
    // Never an eval-* devtool: the pages' CSP has no 'unsafe-eval'.
    devtool: sourceMaps ? 'source-map' : false,
    entry,
    output: {
      path: path.resolve(ROOT, 'dist'),
      filename: '[name].[contenthash].js',
      chunkFilename: '[name].[contenthash].js',
      assetModuleFilename: 'assets/[name].[contenthash][ext]',
      // 'auto' derives the base from the script's own URL, so dist/ works under any path.
      publicPath: 'auto',
      clean: true,
    },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.json'],
    },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'ts-loader',
            options: {
              configFile: path.resolve(ROOT, 'tsconfig.json'),
              transpileOnly: true,
              compilerOptions: {
                // tsconfig.json says "commonjs" (for jest and the CLI). With commonjs, TypeScript turns
                // `import('exceljs')` into `Promise.resolve().then(() => require('exceljs'))`, which webpack
                // bundles eagerly. ES modules keep dynamic imports lazy and let webpack tree-shake.
                module: 'esnext',
                sourceMap: sourceMaps,
              },
            },
          },
        },
        {
          test: /\.(png|jpe?g|gif|svg|woff2?)$/i,
          type: 'asset/resource',
        },
      ],
    },
    optimization: {
      // Split node_modules out of the entry chunks. Modules reached only through import() stay in
      // async chunks (no named cache group merges them into an initial chunk).
      splitChunks: { chunks: 'all' },
    },
    performance: {
      // Raw (not gzipped) sizes; the gzipped first-load budget (400 KB, SPEC §7) is checked by
      // test/build/webpack.test.ts.
      hints: dev ? false : 'warning',
      maxEntrypointSize: 1500 * 1024,
      maxAssetSize: 1500 * 1024,
      assetFilter: (file) => file.endsWith('.js') && !file.startsWith(`${OFFICE_JS_LOCAL_DIR}/`),
    },
    plugins,
    watchOptions: { ignored: watchIgnored(ROOT) },
    devServer: {
      host: 'localhost',
      port,
      // Serve only the build output, never the repository's files.
      static: false,
      hot: false,
      liveReload: true,
      client: { overlay: { errors: true, warnings: false } },
      server: useHttps ? { type: 'https', options: await getHttpsServerOptions() } : { type: 'http' },
      ...(playground
        ? {
            // http://localhost:3000/ opens the playground.
            setupMiddlewares: (middlewares) => {
              middlewares.unshift({
                name: 'playground-index',
                path: '/',
                middleware: (req, res, next) => {
                  if (req.url === '/' || req.url === '/index.html') {
                    res.writeHead(302, { Location: '/playground.html' });
                    res.end();
                  } else next();
                },
              });
              return middlewares;
            },
          }
        : {}),
    },
  };
  return config;
};

module.exports.OFFICE_JS_CDN_URL = OFFICE_JS_CDN_URL;
module.exports.watchIgnored = watchIgnored;
module.exports.OFFICE_JS_LOCAL_DIR = OFFICE_JS_LOCAL_DIR;

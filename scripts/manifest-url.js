/*
 * Rewrites the dev-server URLs in manifest.xml to the production location.
 *
 * The source manifest uses https://localhost:3000/ everywhere (the dev server). The production
 * build copies it to dist/ and replaces that prefix with the public base URL of the deployed
 * dist/ folder, the same idea as the `urlDev`/`urlProd` transform of the Office add-in
 * templates' webpack.config.js. The base URL comes from the ADDIN_PUBLIC_URL environment
 * variable (see webpack.config.js); DEFAULT_PROD_URL is only a placeholder.
 *
 * Used by webpack.config.js and test/manifest/manifest.test.ts.
 */
'use strict';

const DEV_URL = 'https://localhost:3000/';
const DEFAULT_PROD_URL = 'https://www.contoso.com/kakari-roster/';

/**
 * Checks and normalises a production base URL: HTTPS, no credentials, query or fragment,
 * always ending with "/". Throws an Error with an actionable message otherwise.
 */
function normalizeBaseUrl(value) {
  let url;
  try {
    url = new URL(String(value).trim());
  } catch {
    throw new Error(`ADDIN_PUBLIC_URL is not a valid URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:') {
    throw new Error(`ADDIN_PUBLIC_URL must use https:// (Office only loads add-ins over HTTPS): ${url.href}`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(
      `ADDIN_PUBLIC_URL must be a plain base URL without credentials, query or fragment: ${url.href}`,
    );
  }
  if (url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]') {
    throw new Error(`ADDIN_PUBLIC_URL must not point at this machine: ${url.href}`);
  }
  let href = url.href;
  if (!href.endsWith('/')) href += '/';
  return href;
}

function escapeXmlAttribute(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Returns the manifest XML with every https://localhost:3000/ prefix replaced by prodUrl
 * (and a bare https://localhost:3000 origin, e.g. in an AppDomain, by prodUrl's origin).
 * Throws if any "localhost" remains afterwards, so a new kind of dev URL cannot slip into
 * a production manifest unnoticed.
 */
function rewriteManifestUrls(xml, prodUrl = DEFAULT_PROD_URL) {
  const base = normalizeBaseUrl(prodUrl);
  const origin = new URL(base).origin;
  const out = String(xml)
    .split(DEV_URL)
    .join(escapeXmlAttribute(base))
    .split(DEV_URL.slice(0, -1))
    .join(escapeXmlAttribute(origin));
  const leftover = out.match(/.{0,40}localhost.{0,40}/i);
  if (leftover) {
    throw new Error(`manifest still mentions localhost after rewriting to ${base}: …${leftover[0]}…`);
  }
  return out;
}

module.exports = { DEV_URL, DEFAULT_PROD_URL, normalizeBaseUrl, rewriteManifestUrls };

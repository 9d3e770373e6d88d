#!/usr/bin/env node
/**
 * Validates an add-in manifest (default: manifest.xml) against Microsoft's manifest XML Schemas kept
 * in test/manifest/schemas, offline, with libxml2 compiled to WebAssembly (npm xmllint-wasm).
 * Usage: node scripts/validate-manifest.js [manifest.xml]
 */
'use strict';
const fs = require('fs');
const path = require('path');
const { validateXML } = require('xmllint-wasm');

const SCHEMAS = path.join(__dirname, '..', 'test', 'manifest', 'schemas');
const MAIN = 'OfficeAppManifestV1_1.xsd';

async function main() {
  const file = path.resolve(process.argv[2] || path.join(__dirname, '..', 'manifest.xml'));
  const preload = fs
    .readdirSync(SCHEMAS)
    .filter((f) => f.endsWith('.xsd') && f !== MAIN)
    .map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(SCHEMAS, f), 'utf8') }));
  const res = await validateXML({
    xml: { fileName: path.basename(file), contents: fs.readFileSync(file, 'utf8') },
    schema: { fileName: MAIN, contents: fs.readFileSync(path.join(SCHEMAS, MAIN), 'utf8') },
    preload,
  });
  if (!res.valid) {
    for (const e of res.errors) console.error(e.rawMessage);
    process.exit(1);
  }
  console.log(`${path.relative(process.cwd(), file) || file} validates against ${MAIN}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});

/**
 * XML Schema validation with libxml2 compiled to WebAssembly (npm `xmllint-wasm`), so schema checks
 * run on any machine with Node and need no system `xmllint`. Every `.xsd` file of the schema folder
 * is preloaded, so `xs:import schemaLocation="…"` between them resolves.
 */
import * as fs from 'fs';
import * as path from 'path';
import { validateXML } from 'xmllint-wasm';

export interface XsdResult {
  valid: boolean;
  errors: string[];
}

/** Validates `xml` (text) against `schemaFile`, with every other .xsd beside it preloaded. */
export async function validateAgainstXsd(
  xml: string,
  schemaFile: string,
  fileName = 'document.xml',
): Promise<XsdResult> {
  const dir = path.dirname(schemaFile);
  const main = path.basename(schemaFile);
  const preload = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.xsd') && f !== main)
    .map((f) => ({ fileName: f, contents: fs.readFileSync(path.join(dir, f), 'utf8') }));
  const res = await validateXML({
    xml: { fileName, contents: xml },
    schema: { fileName: main, contents: fs.readFileSync(schemaFile, 'utf8') },
    preload,
  });
  return { valid: res.valid, errors: res.errors.map((e) => e.rawMessage) };
}

/** Throws with libxml2's messages when `file` does not validate against `schemaFile`. */
export async function assertValidAgainstXsd(file: string, schemaFile: string): Promise<void> {
  const res = await validateAgainstXsd(fs.readFileSync(file, 'utf8'), schemaFile, path.basename(file));
  if (!res.valid)
    throw new Error(
      `${file} does not validate against ${path.basename(schemaFile)}:\n${res.errors.join('\n')}`,
    );
}

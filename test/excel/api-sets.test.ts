/**
 * Every Excel API member the add-in uses is in ExcelApi 1.9 (the manifest's minimum) or guarded
 * by a requirement check (SPEC §7 rev 2), read from the `[Api set: ExcelApi 1.N]` notes of
 * @types/office-js. Members loaded by name (`load('a,b/c')`) are checked too; a name the typings
 * do not declare (e.g. Workbook.use1904DateSystem, in no released set) fails.
 *
 * Guarded = inside an `if`, `?:` or `&&` whose condition calls isSetSupported / supports(…) or
 * reads a flag derived from it (GUARD_FLAGS).
 */
import * as fs from 'fs';
import * as path from 'path';
import ts from 'typescript';

const ROOT = path.join(__dirname, '..', '..');
const MANIFEST_MINOR = 9;
/** Flags set from isSetSupported in src/excel (read.ts: api.v113 / api.tableResize). */
const GUARD_FLAGS = /\b(isSetSupported|supports\(|v113|tableResize|withMerges|resize)\b/;

function sourceFiles(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name === 'playground') continue; // the playground drives the double (packages/excel-double)
        walk(p);
      } else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(path.join(ROOT, 'src'));
  return out;
}

function apiMinor(decl: ts.Declaration): number | null {
  const file = decl.getSourceFile().fileName;
  if (!/@types[\\/]office-js[\\/]/.test(file)) return null;
  const text = ts
    .getJSDocTags(decl)
    .map((t) => (typeof t.comment === 'string' ? t.comment : (ts.getTextOfJSDocComment(t.comment) ?? '')))
    .join('\n');
  const full = text + '\n' + decl.getFullText();
  const m = /\[Api set: ExcelApi 1\.(\d+)/.exec(full.slice(0, full.indexOf(decl.getText())) || full);
  return m ? Number(m[1]) : null;
}

function guarded(node: ts.Node): boolean {
  for (let n: ts.Node | undefined = node; n; n = n.parent) {
    const p: ts.Node | undefined = n.parent;
    if (!p) break;
    if (ts.isIfStatement(p) && p.thenStatement === n && GUARD_FLAGS.test(p.expression.getText())) return true;
    if (ts.isConditionalExpression(p) && p.whenTrue === n && GUARD_FLAGS.test(p.condition.getText()))
      return true;
    if (
      ts.isBinaryExpression(p) &&
      p.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken &&
      p.right === n &&
      GUARD_FLAGS.test(p.left.getText())
    )
      return true;
  }
  return false;
}

test('every Excel API member above ExcelApi 1.9 is guarded; load() names exist in the typings', () => {
  const files = sourceFiles();
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.CommonJS,
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ['office-js', 'node'],
  });
  const checker = program.getTypeChecker();
  const problems: string[] = [];
  let checked = 0;
  const where = (n: ts.Node): string => {
    const sf = n.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(n.getStart());
    return `${path.relative(ROOT, sf.fileName)}:${line + 1}`;
  };
  const checkSymbol = (sym: ts.Symbol | undefined, node: ts.Node, label: string): void => {
    const decl = sym?.declarations?.[0];
    if (!decl) return;
    const minor = apiMinor(decl);
    if (minor === null) return;
    checked++;
    if (minor > MANIFEST_MINOR && !guarded(node))
      problems.push(`${where(node)} ${label} needs ExcelApi 1.${minor}`);
  };
  for (const sf of program.getSourceFiles()) {
    if (!files.includes(path.normalize(sf.fileName))) continue;
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) {
        checkSymbol(checker.getSymbolAtLocation(node.name), node, node.getText());
      }
      if (
        ts.isCallExpression(node) &&
        ts.isPropertyAccessExpression(node.expression) &&
        node.expression.name.text === 'load' &&
        node.arguments.length === 1 &&
        ts.isStringLiteralLike(node.arguments[0])
      ) {
        const recv = checker.getTypeAtLocation(node.expression.expression);
        const recvDecl = recv.getSymbol()?.declarations?.[0];
        if (recvDecl && /@types[\\/]office-js[\\/]/.test(recvDecl.getSourceFile().fileName)) {
          for (const p of node.arguments[0].text.split(',')) {
            let type: ts.Type = recv;
            for (const seg of p.trim().split('/')) {
              if (seg === 'items') {
                const items = type.getProperty('items');
                if (!items) break;
                const arr = checker.getTypeOfSymbolAtLocation(items, node);
                type = checker.getIndexTypeOfType(arr, ts.IndexKind.Number) ?? arr;
                continue;
              }
              const prop = type.getProperty(seg);
              if (!prop) {
                problems.push(
                  `${where(node)} load('${p.trim()}'): ${seg} is not in the typings (no released set)`,
                );
                break;
              }
              checkSymbol(prop, node, `load('${p.trim()}')`);
              type = checker.getTypeOfSymbolAtLocation(prop, node);
            }
          }
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  expect(problems).toEqual([]);
  // The check saw the adapter's members (not a vacuous pass).
  expect(checked).toBeGreaterThan(100);
});

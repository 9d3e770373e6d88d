/**
 * Looking inside an .xlsx package before handing it to ExcelJS: file type, encryption, corruption,
 * workbook protection and the kinds of content ExcelJS cannot carry over.
 */
import { strFromU8, unzipSync } from 'fflate';
import { FatalError } from '../sheets/fatal';

export interface PackageInfo {
  workbookProtected: boolean;
  /** Kinds of content the ExcelJS writer does not carry over (Japanese labels for the warning). */
  notCarried: string[];
  entries: string[];
}

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0];

const LOSSY: [RegExp, string][] = [
  [/^xl\/charts\//, 'グラフ'],
  [/^xl\/drawings\//, '図形・画像'],
  [/^xl\/media\//, '画像'],
  [/^xl\/pivotTables\//, 'ピボットテーブル'],
  [/^xl\/pivotCache\//, 'ピボットキャッシュ'],
  [/^xl\/webextensions\//, 'アドインの情報'],
  [/^xl\/vbaProject\.bin$/, 'マクロ'],
  [/^xl\/slicers\//, 'スライサー'],
  [/^xl\/timelines\//, 'タイムライン'],
  [/^xl\/externalLinks\//, '外部リンク'],
  [/^xl\/threadedComments\//, 'スレッド形式のコメント'],
];

export function inspectPackage(buf: Uint8Array): PackageInfo {
  if (buf.length >= 4 && OLE_MAGIC.every((b, i) => buf[i] === b)) throw new FatalError('file-encrypted-or-xls');
  if (buf.length < 4 || buf[0] !== 0x50 || buf[1] !== 0x4b) throw new FatalError('file-not-xlsx');
  let files: Record<string, Uint8Array>;
  const entries: string[] = [];
  try {
    files = unzipSync(buf, {
      filter: (f) => {
        entries.push(f.name);
        return f.name === 'xl/workbook.xml' || f.name === '[Content_Types].xml';
      },
    });
  } catch {
    throw new FatalError('file-corrupt');
  }
  if (!files['xl/workbook.xml'] || !files['[Content_Types].xml']) {
    // A zip, but not a workbook (e.g. a .docx or a plain archive).
    if (entries.length === 0) throw new FatalError('file-corrupt');
    throw new FatalError('file-not-xlsx');
  }
  const wbXml = strFromU8(files['xl/workbook.xml']);
  const prot = /<workbookProtection\b[^>]*>/.exec(wbXml);
  const workbookProtected = !!prot && /lockStructure="(1|true)"/.test(prot[0]);
  const notCarried = [...new Set(LOSSY.filter(([re]) => entries.some((e) => re.test(e))).map(([, label]) => label))];
  return { workbookProtected, notCarried, entries };
}

/**
 * A zip built in time slices for the task pane (SPEC §5.4 "Size": no synchronous stretch over
 * 200 ms): each part is pushed through fflate's streaming deflate in chunks, with a pause between
 * chunks whenever the slice is used up. Browser-safe (fflate only). The archive uses data
 * descriptors (streaming) but otherwise holds the same parts as zipPackage (chart.ts):
 * [Content_Types].xml first, fixed timestamps.
 */
import { Zip, ZipDeflate } from 'fflate';

const CHUNK = 256 * 1024;

/** Zips the parts, pausing (`pause()`) whenever `sliceMs` have passed since the last pause. */
export async function zipPackageSliced(
  files: Record<string, Uint8Array>,
  pause: () => Promise<void>,
  sliceMs = 40,
): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  let failed: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) failed = err;
    else out.push(data);
  });
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const names = Object.keys(files).filter((n) => !n.endsWith('/'));
  names.sort((a, b) => (a === '[Content_Types].xml' ? -1 : b === '[Content_Types].xml' ? 1 : 0));
  let t0 = Date.now();
  for (const name of names) {
    const entry = new ZipDeflate(name, { level: 6 });
    entry.mtime = mtime;
    zip.add(entry);
    const data = files[name];
    if (data.length === 0) entry.push(data, true);
    for (let o = 0; o < data.length; o += CHUNK) {
      entry.push(data.subarray(o, o + CHUNK), o + CHUNK >= data.length);
      if (Date.now() - t0 >= sliceMs) {
        await pause();
        t0 = Date.now();
      }
    }
  }
  zip.end();
  if (failed) throw failed;
  let n = 0;
  for (const c of out) n += c.length;
  const bytes = new Uint8Array(n);
  let at = 0;
  for (const c of out) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

'use strict';
/*
 * `fflate` as the command-line bundle sees it (webpack.cli.config.js points the sources' imports of
 * 'fflate' here; the task pane, the tests and this file itself get fflate as it is).
 *
 * Evaluating fflate's entry costs ~8 ms of CPU at every start of the CLI — it builds its Huffman
 * and length tables and, in its Node build, requires worker_threads — while `recalc` of a workbook
 * without a chart never inflates or zips anything with it: Node's zlib does (src/xlsx/
 * package-read.ts, zip-write.ts). So the two text helpers are what fflate itself does on Node (it
 * uses TextEncoder / TextDecoder where they exist: strFromU8 / strToU8 of fflate 0.8), and
 * everything else loads fflate on first use and hands the call or the construction on to it
 * (`new Zip(…)` returns fflate's own Zip object, so the objects are fflate's). Issue 20, goal 3.
 */
let lib = null;
const fflate = () => lib || (lib = require('fflate'));

// The same classes as the globals fflate uses (util's are the globals on Node).
const { TextDecoder, TextEncoder } = require('util');
const te = new TextEncoder();
const td = new TextDecoder();

/** Whether fflate itself has been loaded (for the tests). */
exports.isFflateLoaded = () => lib !== null;

/** fflate's strToU8 on Node: UTF-8 by TextEncoder, or one byte per code unit with `latin1`. */
exports.strToU8 = (str, latin1) => {
  if (!latin1) return te.encode(str);
  const out = new Uint8Array(str.length);
  for (let i = 0; i < str.length; ++i) out[i] = str.charCodeAt(i);
  return out;
};

/** fflate's strFromU8 on Node: UTF-8 by TextDecoder, or one code unit per byte with `latin1`. */
exports.strFromU8 = (dat, latin1) => {
  if (!latin1) return td.decode(dat);
  let r = '';
  for (let i = 0; i < dat.length; i += 16384)
    r += String.fromCharCode.apply(null, dat.subarray(i, i + 16384));
  return r;
};

exports.unzipSync = (...args) => fflate().unzipSync(...args);
exports.zipSync = (...args) => fflate().zipSync(...args);

/** A constructor that builds fflate's own object (a constructor returning an object yields it). */
const lazyClass = (name) =>
  function (...args) {
    return new (fflate()[name])(...args);
  };
exports.Inflate = lazyClass('Inflate');
exports.Zip = lazyClass('Zip');
exports.ZipDeflate = lazyClass('ZipDeflate');

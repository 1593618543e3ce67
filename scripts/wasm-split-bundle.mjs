#!/usr/bin/env node
// Bundles the small chunks of the code-split console, run by
// scripts/wasm-split-step on its output: node wasm-split-bundle.mjs DIR PROFILE.
//
// wasm-split cuts one chunk for each set of split points that share code,
// so the first open of the drawer fetched 25 files, most of them a few
// hundred bytes; six at a time over HTTP/1.1, they queued behind each
// other. Here every chunk under SEPARATE_FROM bytes joins the bundle of the
// first split point that needs it, in the order the page loads them
// (LOAD_ORDER): `shared_NAME.wasm`, one module made by binaryen's
// wasm-merge. A split point then fetches its own module, the bundles it
// needs that are not loaded yet, and the large chunks it shares.
//
// A bundle is safe to load early or alone: a chunk only writes its
// functions into the shared table and its constants into memory (checked
// below), and each bundle is instantiated once, like the chunks were. A
// split point loaded out of order fetches a little code it does not need
// yet (at most one bundle's worth), never breaks.
import { readFileSync, writeFileSync, statSync, rmSync, mkdtempSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

// The standalone page's order: the timeline, its walk and the group
// options once the rows are painted, then what it prefetches when idle,
// then the views of other pages. A split point not listed comes last.
const LOAD_ORDER = [
  'timeline', 'group_options', 'all_pages', 'drawer', 'code_groups', 'confirm', 'export',
  'iam_sign_in', 'token', 'sign_in', 'all_scopes', 'trends', 'silences', 'channels', 'audit',
];
// A chunk this large is worth its own request: bundled, it would be
// fetched by split points that do not need it.
const SEPARATE_FROM = 4096;
// The features the console is built with (rustc's wasm32 defaults); the
// merge itself briefly needs multimemory, see merge().
const FEATURES = [
  '--enable-mutable-globals', '--enable-nontrapping-float-to-int', '--enable-bulk-memory',
  '--enable-sign-ext', '--enable-reference-types', '--enable-multivalue',
];
// What a chunk may import: the main module's table, memory and stack
// pointer, from the loader's `__wasm_split` object.
const SHARED = '__wasm_split';
const HOST = '__wasm_splix'; // same length as SHARED, renamed after the merge
const ALLOWED_SECTIONS = new Set([0, 1, 2, 3, 9, 10, 11, 12]); // custom, type, import, function, elem, code, data, datacount

const [dir, profile = 'release'] = process.argv.slice(2);
if (!dir) throw new Error('usage: wasm-split-bundle.mjs DIR [PROFILE]');
const log = (msg) => process.stderr.write(`wasm-split-bundle: ${msg}\n`);
const loaderPath = join(dir, '__wasm_split.js');
let loader = readFileSync(loaderPath, 'utf8');

// `const __chunk_N = makeLoad(…, []);` with its comment line, and
// `export const __wasm_split_load_NAME = wrapAsyncCb(makeLoad(…, [deps]));`.
const chunkDef = /\/\* [^*]* \*\/\nconst __chunk_(\d+) = makeLoad\(\(\) => \{\n(?:.*\n){3}\}\n, \[\]\);\n/g;
const splitDef = /(export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\(\(\) => \{\n(?:.*\n){3}\}\n, \[)([^\]]*)(\]\)\);)/g;
const chunks = [...loader.matchAll(chunkDef)].map((m) => `chunk_${m[1]}`);
const splits = new Map([...loader.matchAll(splitDef)].map((m) => [m[2], deps(m[3])]));
if (!chunks.length || !splits.size) throw new Error(`${loaderPath} is not wasm-split's loader as this script knows it`);
for (const [name, needs] of splits) {
  for (const c of needs) if (!chunks.includes(c)) throw new Error(`split ${name} needs ${c}, which the loader does not define`);
}

function deps(list) {
  return list.split(',').map((d) => d.trim().replace(/^__/, '')).filter(Boolean);
}
const size = (file) => statSync(join(dir, file)).size;

const order = [...LOAD_ORDER.filter((s) => splits.has(s)), ...[...splits.keys()].filter((s) => !LOAD_ORDER.includes(s)).sort()];
for (const s of order) if (!LOAD_ORDER.includes(s)) log(`split ${s} is not in LOAD_ORDER: its chunks are bundled last`);
const owner = new Map();
for (const s of order) {
  for (const c of splits.get(s)) if (!owner.has(c) && size(`${c}.wasm`) < SEPARATE_FROM) owner.set(c, s);
}
const bundles = new Map();
for (const [c, s] of owner) bundles.set(s, [...(bundles.get(s) ?? []), c]);

const work = mkdtempSync(join(tmpdir(), 'wasm-split-bundle-'));
try {
  for (const [s, members] of bundles) {
    const imports = members.flatMap((c) => checkShape(c, readFileSync(join(dir, `${c}.wasm`))));
    const out = join(dir, `shared_${s}.wasm`);
    merge(hostModule(imports), members, out);
    for (const c of members) rmSync(join(dir, `${c}.wasm`));
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The loader: bundles defined like chunks, merged chunks gone, and each
// split point's list names its bundles once.
loader = loader.replace(chunkDef, (all, n) => (owner.has(`chunk_${n}`) ? '' : all));
const bundleDefs = [...bundles.keys()].map((s) => loadDef(`shared_${s}`, bundles.get(s))).join('');
loader = loader.replace(/\nexport const __wasm_split_load_/, `\n${bundleDefs}export const __wasm_split_load_`);
loader = loader.replace(splitDef, (all, head, name, list, tail) => {
  const needs = [...new Set(deps(list).map((c) => (owner.has(c) ? `shared_${owner.get(c)}` : c)))];
  return `${head}${needs.map((d) => `__${d}`).join(', ')}${tail}`;
});
writeFileSync(loaderPath, loader);
log(`${owner.size} of ${chunks.length} chunks in ${bundles.size} bundles: ${[...bundles.keys()].map((s) => `shared_${s}.wasm ${size(`shared_${s}.wasm`)} B`).join(', ')}`);

function loadDef(file, members) {
  return `/* ${members.join(', ')} */
const __${file} = makeLoad(() => {
    const src = fetch(new URL("./${file}.wasm", import.meta.url));
    src.catch(() => {});
    return async (imports) => (WebAssembly.instantiateStreaming(src, imports));
}
, []);
`;
}

// A module that imports what chunks import, under another name, and
// exports it: merged first as `__wasm_split`, it is what every chunk's
// imports resolve to, so the bundle imports the table, memory and stack
// pointer once. (Merged directly, each chunk's memory stays a separate
// import: multimemory.)
// Its table and memory are at least as large as any chunk asks for.
function hostModule(imports) {
  const least = (field) => Math.max(0, ...imports.filter((i) => i.field === field).map((i) => i.min));
  const wat = join(work, 'host.wat');
  const host = join(work, 'host.wasm');
  writeFileSync(
    wat,
    `(module
  (import "${HOST}" "__wasm_split_shared0" (global $sp (mut i32)))
  (import "${HOST}" "memory" (memory $memory ${least('memory')}))
  (import "${HOST}" "__indirect_function_table" (table $table ${least('__indirect_function_table')} funcref))
  (export "__wasm_split_shared0" (global $sp))
  (export "memory" (memory $memory))
  (export "__indirect_function_table" (table $table)))
`,
  );
  run('wasm-as', [wat, '-o', host]);
  return host;
}

// A tool's failure with its own words, not node's dump of its output.
function run(tool, args) {
  try {
    execFileSync(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    throw new Error(`${tool} failed: ${String(e.stderr ?? e.message).trim().split('\n').slice(-5).join('\n')}`);
  }
}

function merge(host, members, out) {
  const merged = join(work, 'merged.wasm');
  const inputs = members.flatMap((c) => [join(dir, `${c}.wasm`), c]);
  run('wasm-merge', [...FEATURES, '--enable-multimemory', host, SHARED, ...inputs, '-o', merged]);
  let bytes = readFileSync(merged);
  // The host's exports served the merge only; its imports take the name
  // the loader provides.
  bytes = withoutSection(bytes, 7);
  const from = Buffer.from([HOST.length, ...Buffer.from(HOST)]);
  const to = Buffer.from([SHARED.length, ...Buffer.from(SHARED)]);
  for (let at = bytes.indexOf(from); at >= 0; at = bytes.indexOf(from, at)) to.copy(bytes, at);
  writeFileSync(merged, bytes);
  // Validates (without multimemory: one memory, one table) and, for a
  // release, optimises across the merged chunks.
  const optimise = profile === 'release' ? ['-Oz', '--strip-target-features', '--strip-producers'] : [];
  run('wasm-opt', [...FEATURES, ...optimise, merged, '-o', out]);
  const imports = importsOf(readFileSync(out));
  if (imports.some((i) => i.module !== SHARED)) throw new Error(`${out} imports ${JSON.stringify(imports)}`);
}

// Only the kinds of section a chunk's bundling keeps safe: no exports,
// globals, memories, tables or start function of its own; imports only from
// the loader.
function checkShape(chunk, bytes) {
  for (const { id } of sections(bytes)) {
    if (!ALLOWED_SECTIONS.has(id)) throw new Error(`${chunk}.wasm has a section ${id}: not bundled safely`);
  }
  const imports = importsOf(bytes);
  const foreign = imports.filter((i) => i.module !== SHARED);
  if (foreign.length) throw new Error(`${chunk}.wasm imports ${JSON.stringify(foreign)}`);
  return imports;
}

function* sections(bytes) {
  if (bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  let at = 8;
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const [length, next] = leb(bytes, at);
    yield { id, start, body: next, end: next + length };
    at = next + length;
  }
}

function withoutSection(bytes, id) {
  const kept = [bytes.subarray(0, 8)];
  for (const s of sections(bytes)) if (s.id !== id) kept.push(bytes.subarray(s.start, s.end));
  return Buffer.concat(kept);
}

function importsOf(bytes) {
  const section = [...sections(bytes)].find((s) => s.id === 2);
  if (!section) return [];
  const name = (at) => {
    const [n, from] = leb(bytes, at);
    return [bytes.toString('utf8', from, from + n), from + n];
  };
  let [count, at] = leb(bytes, section.body);
  const out = [];
  for (; count > 0; count--) {
    const [module, a] = name(at);
    const [field, b] = name(a);
    const [min, next] = importDesc(bytes, b);
    out.push({ module, field, min });
    at = next;
  }
  return out;
}

// An import's minimum size (tables and memories) and where the next starts.
function importDesc(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    const [min, q] = leb(bytes, p);
    return [min, flags & 1 ? leb(bytes, q)[1] : q];
  };
  if (kind === 0) return [0, leb(bytes, at)[1]]; // function: type index
  if (kind === 1) return limits(at + 1); // table: reftype, limits
  if (kind === 2) return limits(at); // memory
  if (kind === 3) return [0, at + 2]; // global: valtype, mutability
  throw new Error(`an import of kind ${kind}`);
}

function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  let byte;
  do {
    byte = bytes[at++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

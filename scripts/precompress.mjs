// Writes `<file>.br` and `<file>.gz` beside every compressible file under the given folder
// (default target/site), so the server sends them as they are instead of compressing the
// bundle on every request (leptos_axum's file service looks for these siblings). Files whose
// siblings are already newer are skipped. Run after every `cargo leptos build`; `scripts/dev`
// removes the siblings instead, since watch mode rewrites the bundle under the same names.
import { readdirSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const root = process.argv[2] ?? "target/site";
const KINDS = new Set([".wasm", ".js", ".css", ".svg", ".html", ".json", ".txt", ".xml"]);

function* files(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else if (KINDS.has(extname(entry.name))) yield path;
  }
}

const fresh = (sibling, mtime) => existsSync(sibling) && statSync(sibling).mtimeMs >= mtime;
let written = 0;
for (const path of files(root)) {
  const { size, mtimeMs } = statSync(path);
  if (size < 1024) continue;
  if (fresh(`${path}.br`, mtimeMs) && fresh(`${path}.gz`, mtimeMs)) continue;
  const data = readFileSync(path);
  // The best brotli for release-sized files; a quicker level for the multi-megabyte debug bundle.
  const quality = size > 4 * 1024 * 1024 ? 5 : constants.BROTLI_MAX_QUALITY;
  writeFileSync(`${path}.br`, brotliCompressSync(data, {
    params: { [constants.BROTLI_PARAM_QUALITY]: quality, [constants.BROTLI_PARAM_SIZE_HINT]: size },
  }));
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
  written += 1;
}
console.log(`precompressed ${written} file(s) under ${root}`);

// Prints the size of a file raw, gzip -9 and brotli -q11: the wasm's size is
// a feature, measured after every change (`make size`).
import { readFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const gz = gzipSync(raw, { level: 9 }).length;
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  const fmt = (n) => n.toLocaleString("en-US");
  console.log(`${file}: raw ${fmt(raw.length)} · gzip ${fmt(gz)} · brotli ${fmt(br)} bytes`);
}

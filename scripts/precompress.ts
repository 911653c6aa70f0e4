// Run by `npm run build` after Vite: writes `<asset>.br` (brotli, quality 11) and `<asset>.gz` (gzip, level 9) beside
// every text asset of the client build, once, so server.js serves them without compressing anything per request.
// Only copies that are actually smaller are kept.
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const dir = path.resolve(process.env.REMIX_BUILD_DIR ?? "build", "client/assets");
const TEXT = /\.(js|css|json|svg|txt|map)$/;
let before = 0;
let after = 0;
for (const name of fs.readdirSync(dir)) {
  if (!TEXT.test(name)) continue;
  const file = path.join(dir, name);
  const source = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(source, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length },
  });
  const gz = zlib.gzipSync(source, { level: 9 });
  if (br.length < source.length) fs.writeFileSync(`${file}.br`, br);
  if (gz.length < source.length) fs.writeFileSync(`${file}.gz`, gz);
  before += source.length;
  after += Math.min(br.length, source.length);
}
console.log(`precompressed ${dir}: ${(before / 1000).toFixed(0)} kB of text assets, ${(after / 1000).toFixed(0)} kB as brotli`);

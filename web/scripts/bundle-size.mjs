// The JavaScript a first visit downloads (the scripts and module preloads index.html
// names), raw and gzipped. Fails above the 250 KB gzip budget. Run after `npm run build`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 250 * 1024;
const dist = "dist";
const html = readFileSync(join(dist, "index.html"), "utf8");
const files = [
  ...html.matchAll(/<(?:script[^>]*src|link[^>]*rel="modulepreload"[^>]*href)="\/?([^"]+\.js)"/g),
].map((m) => m[1]);
let raw = 0;
let gzip = 0;
for (const file of new Set(files)) {
  const body = readFileSync(join(dist, file));
  const zipped = gzipSync(body, { level: 9 }).length;
  raw += body.length;
  gzip += zipped;
  console.log(
    `${file}: ${(body.length / 1024).toFixed(1)} KB, ${(zipped / 1024).toFixed(1)} KB gzip`,
  );
}
console.log(
  `initial JS: ${(raw / 1024).toFixed(1)} KB, ${(gzip / 1024).toFixed(1)} KB gzip (budget ${BUDGET / 1024} KB gzip)`,
);
if (gzip > BUDGET) {
  console.error("over budget");
  process.exit(1);
}

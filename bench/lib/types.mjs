// What type-checking costs a user who imports the package: `tsc --noEmit --strict` over a
// file that imports it and calls one operation, against the same over a file that imports
// nothing, in a fresh project where `tiktok-shop-wasm` is the measured package. Median of
// runs of each, interleaved; with the package's types checked (`skipLibCheck: false`) and
// not (`true`, tsc's own default for new projects). `node bench/lib/types.mjs [runs]`.

import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median, pkgDir, ROOT } from "./common.mjs";

const runs = Number(process.argv[2] ?? 5);
const dir = mkdtempSync(join(tmpdir(), "bench-types-"));
mkdirSync(join(dir, "node_modules"));
symlinkSync(pkgDir(), join(dir, "node_modules", "tiktok-shop-wasm"), "dir");
writeFileSync(join(dir, "uses.ts"), `import { TikTokShop } from "tiktok-shop-wasm";
const shop = new TikTokShop({ appKey: "k", appSecret: "s" });
export const page = shop.order.getOrderList({ page_size: 10 });
`);
writeFileSync(join(dir, "plain.ts"), "export const x: number = 1;\n");
const tsc = join(ROOT, "node_modules", "typescript", "bin", "tsc");
const config = (file, skipLibCheck) => {
  const path = join(dir, `tsconfig.${file}.${skipLibCheck}.json`);
  writeFileSync(path, JSON.stringify({
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck, lib: ["ES2022", "DOM"], types: [] },
    files: [`${file}.ts`],
  }));
  return path;
};
const seconds = (project) => {
  const out = execFileSync(process.execPath, [tsc, "-p", project, "--extendedDiagnostics"], { cwd: dir, encoding: "utf8" });
  return Number(/Total time:\s+([\d.]+)s/.exec(out)[1]);
};
const result = {};
try {
  for (const skipLibCheck of [false, true]) {
    const uses = [];
    const plain = [];
    for (let i = 0; i < runs; i++) {
      uses.push(seconds(config("uses", skipLibCheck)));
      plain.push(seconds(config("plain", skipLibCheck)));
    }
    result[skipLibCheck ? "skipLibCheck" : "fullCheck"] = { usesS: median(uses), plainS: median(plain), shareS: median(uses.map((u, i) => u - plain[i])) };
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(JSON.stringify({ runs, ...result }));

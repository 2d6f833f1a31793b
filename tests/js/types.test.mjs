// The published types compile against a typed usage file (tests/types/usage.ts), including
// the lines that must NOT compile (@ts-expect-error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { exec } from "../support/packages.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("tsc --noEmit over tests/types/usage.ts", { timeout: 120_000 }, async () => {
  const tsc = join(root, "node_modules", ".bin", "tsc");
  const result = await new Promise((resolve) =>
    execFile(tsc, ["-p", join(root, "tests", "types", "tsconfig.json")], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, out: stdout + stderr }),
    ),
  );
  assert.equal(result.code, 0, result.out);
});

/**
 * The project README's examples that are whole programs (the quick starts, authorizing an
 * account) compile under --strict as written: JavaScript with checkJs, TypeScript as is.
 * The names they leave to the reader (`serviceId`, `request`...) are declared beside them.
 */
test("the README's quick starts and authorization example type-check under --strict", { timeout: 120_000 }, async () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = (after) => {
    const at = readme.indexOf(after);
    assert.ok(at >= 0, `the README has ${after}`);
    const m = /```(js|ts)\n([\s\S]*?)```/.exec(readme.slice(at));
    return { ext: m[1] === "ts" ? "ts" : "mjs", code: m[2] };
  };
  const blocks = {
    node: block("**Node** (20+, ESM):"),
    deno: block("**Deno** (after `deno add"),
    worker: block("**Cloudflare Workers** (the `workerd` export condition"),
    authorize: block("## Authorizing sellers, creators and partners"),
  };
  const dir = mkdtempSync(join(tmpdir(), "readme-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(root, "pkg"), join(dir, "node_modules", "tiktok-shop-wasm"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
    // What the examples leave to the reader, and Deno's global for the Deno one.
    writeFileSync(join(dir, "reader.d.ts"), `
declare const serviceId: string; declare const state: string; declare const appKey: string; declare const appSecret: string;
declare const request: Request;
declare const process: { env: Record<string, string | undefined> };
declare const Deno: { env: { get(name: string): string | undefined } };
`);
    const files = ["reader.d.ts"];
    for (const [name, { ext, code }] of Object.entries(blocks)) {
      writeFileSync(join(dir, `${name}.${ext}`), `${code}\nexport {};\n`);
      files.push(`${name}.${ext}`);
    }
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, allowJs: true, checkJs: true, lib: ["ES2022", "DOM"], types: [] },
      files,
    }));
    const tsc = join(root, "node_modules", ".bin", "tsc");
    const result = await new Promise((resolve) =>
      execFile(tsc, ["-p", join(dir, "tsconfig.json")], { cwd: dir }, (error, stdout, stderr) => resolve({ code: error ? error.code : 0, out: stdout + stderr })),
    );
    assert.equal(result.code, 0, result.out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * A CommonJS TypeScript project (package.json without "type": "module") that imports the
 * library and the sandbox under `module: node16` and `nodenext`: the `require` condition must
 * give it CommonJS declarations (each package's types/index.d.cts), or tsc stops with TS1479. Checked with the
 * TypeScript of devDependencies and, when npm can install it, with TypeScript 5.7 (the
 * last one that refuses require(esm) under nodenext too).
 */
test("a CommonJS TypeScript project passes tsc under module node16 and nodenext", { timeout: 240_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "cjs-types-"));
  try {
    mkdirSync(join(dir, "node_modules"));
    symlinkSync(join(root, "pkg"), join(dir, "node_modules", "tiktok-shop-wasm"), "dir");
    symlinkSync(join(root, "node_modules", "tiktok-shop-wasm-sandbox"), join(dir, "node_modules", "tiktok-shop-wasm-sandbox"), "dir");
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "cjs-project", private: true }));
    writeFileSync(join(dir, "index.ts"), `import { TikTokShop, TikTokShopError, parseWebhook } from "tiktok-shop-wasm";
import { startSandbox, type SandboxTokenSet } from "tiktok-shop-wasm-sandbox";
export async function sandboxShops(): Promise<number> {
  const sandbox = await startSandbox({ seed: 3 });
  const tokens: SandboxTokenSet = sandbox.sandbox.issueTokens();
  const client = new TikTokShop({ appKey: sandbox.appKey, appSecret: sandbox.appSecret, accessToken: tokens.access_token, baseUrl: sandbox.url });
  const { shops = [] } = await client.authorization.getAuthorizedShops();
  await sandbox.close();
  return shops.length;
}
const shop = new TikTokShop({ appKey: "k", appSecret: "s", accessToken: "t" });
export async function firstOrder(): Promise<string | undefined> {
  try {
    const { orders } = await shop.order.getOrderList({ page_size: 20 });
    return orders?.[0]?.id;
  } catch (error) {
    if (error instanceof TikTokShopError && error.kind === "rate_limit") return undefined;
    throw error;
  }
}
export const parse = parseWebhook;
`);
    writeFileSync(join(dir, "required.cts"), `import tiktok = require("tiktok-shop-wasm");
import sandboxPackage = require("tiktok-shop-wasm-sandbox");
export const client = new tiktok.TikTokShop({ appKey: "k", appSecret: "s" });
export const sandbox: sandboxPackage.Sandbox = sandboxPackage.createSandbox({ shops: 3 });
`);
    const compilers = [["devDependencies", join(root, "node_modules", "typescript", "bin", "tsc")]];
    const older = join(dir, "ts57");
    mkdirSync(older);
    writeFileSync(join(older, "package.json"), JSON.stringify({ name: "ts57", private: true }));
    const installed = await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", "typescript@5.7"], { cwd: older, timeout: 120_000 });
    if (installed.code === 0) compilers.push(["5.7", join(older, "node_modules", "typescript", "bin", "tsc")]);
    else t.diagnostic(`TypeScript 5.7 could not be installed (${installed.stderr.trim().split("\n").at(-1)}): checked with devDependencies' only`);
    for (const [label, tsc] of compilers) {
      const version = JSON.parse(readFileSync(join(dirname(dirname(tsc)), "package.json"), "utf8")).version;
      for (const module of ["node16", "nodenext"]) {
        const config = join(dir, `tsconfig.${module}.json`);
        writeFileSync(config, JSON.stringify({
          compilerOptions: { target: "ES2022", module, moduleResolution: module, strict: true, noEmit: true, lib: ["ES2022", "DOM"], types: [] },
          files: ["index.ts", "required.cts"],
        }));
        const r = await exec(process.execPath, [tsc, "-p", config], { cwd: dir });
        t.diagnostic(`TypeScript ${version} (${label}), module ${module}: exit ${r.code}`);
        assert.equal(r.code, 0, `TypeScript ${version}, module ${module}:\n${r.stdout}${r.stderr}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

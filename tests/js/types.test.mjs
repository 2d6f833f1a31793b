// The published types compile against a typed usage file (tests/types/usage.ts), including
// the lines that must NOT compile (@ts-expect-error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

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

// The packages as users get them: `npm pack` of pkg/, pkg-cli/ and pkg-sandbox/ (what
// scripts/build.mjs built), installed together into fresh projects: Node ES modules, Node
// CommonJS, TypeScript, Deno, Cloudflare Workers built by wrangler, and the CLI. Each runs
// its package README's quick starts (or the Worker example): the library's against a sandbox
// this test serves over HTTP, the sandbox's with the library from its tarball beside it.
//
// Installs come from the npm cache when it has them (--prefer-offline): the library and the
// sandbox have no dependencies; the TypeScript project adds @types/node, the Worker wrangler
// 4.86.0 (about 200 MB, downloaded once per machine), the CLI its dependencies. About 50 s here.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSandbox } from "../support/sandbox.mjs";
import { startWorker } from "../support/workerd.mjs";
import {
  bin, du, exec, freshProject, installedPackages, npmInstall, packPackages, quickStartEnv, readmeBlock, root, run, tempDir,
} from "../support/packages.mjs";

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

let sb;
let work;
let tarballs;
/** Quick-start environment: the sandbox's app and a fresh token set. */
const env = () => quickStartEnv(sb, sb.sandbox.issueTokens());
const shopNames = () => sb.sandbox.shop.shops.map((s) => s.name);

before(async () => {
  sb = await startSandbox();
  work = tempDir("tiktok-shop-packaging-");
  tarballs = await packPackages(work.dir);
});
after(async () => {
  await sb?.close();
  work?.remove();
});

describe("the library's tarball", () => {
  test("holds the README, LICENSE, CHANGELOG, the wasm and every entry, and neither the CLI nor the sandbox", (t) => {
    const files = tarballs.libraryInfo.files.map((f) => f.path);
    for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "package.json", "tiktok_shop_wasm_bg.wasm", "node.js",
      "deno.js", "workerd.js", "web.js", "cloudflare/index.js", "runtime/deno-wasm.js", "types/index.d.ts", "types/index.d.cts"]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    // The entries share one chunk of lib/ and the wasm-bindgen glue; the sources are not shipped beside them.
    assert.ok(files.some((f) => /^shared-\w+\.js$/.test(f)), "the shared chunk");
    assert.ok(files.includes("tiktok_shop_wasm.js"), "the glue");
    assert.deepEqual(files.filter((f) => /^(lib|runtime)\/(?!deno-wasm\.js)|^cloudflare\/(?!index\.js)|\.cjs$|^\./.test(f)), [], "bundled sources, CommonJS builds, build records");
    assert.deepEqual(files.filter((f) => f.startsWith("cli/")), [], "the CLI is its own package");
    assert.deepEqual(files.filter((f) => /sandbox/.test(f)), [], "the sandbox is its own package");
    const manifest = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8"));
    assert.deepEqual(Object.keys(manifest.exports), [".", "./cloudflare", "./tiktok_shop_wasm_bg.wasm", "./package.json"]);
    assert.match(readFileSync(join(root, "pkg", "LICENSE"), "utf8"), /^MIT License/);
    t.diagnostic(`tarball ${kb(tarballs.libraryInfo.size)}, ${kb(tarballs.libraryInfo.unpackedSize)} unpacked, ${files.length} files`);
  });

  test("package.json: repository, homepage, bugs; no dependencies; undici an optional peer", () => {
    const manifest = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8"));
    assert.match(manifest.repository.url, /^git\+https:\/\/github\.com\/tiktok-shop-wasm\/tiktok-shop-wasm\.git$/);
    assert.match(manifest.homepage, /^https:\/\/github\.com\/tiktok-shop-wasm\/tiktok-shop-wasm/);
    assert.match(manifest.bugs.url, /\/issues$/);
    assert.equal(manifest.license, "MIT");
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.bin, undefined, "no command: that is tiktok-shop-wasm-cli's");
    assert.ok(manifest.peerDependencies.undici);
    assert.deepEqual(manifest.peerDependenciesMeta, { undici: { optional: true } });
  });

  test("its README links the repository, the changelog, the issues and the sandbox's package, and has each quick start", () => {
    const readme = readFileSync(join(root, "pkg", "README.md"), "utf8");
    for (const link of ["https://github.com/tiktok-shop-wasm/tiktok-shop-wasm#readme", "/blob/main/CHANGELOG.md", "/issues", "https://www.npmjs.com/package/tiktok-shop-wasm-sandbox"]) {
      assert.ok(readme.includes(link), link);
    }
    for (const block of ["node-esm", "node-cjs", "typescript", "deno", "workers", "workers-config", "sandbox"]) {
      assert.ok(readmeBlock(block).length > 0, block);
    }
    for (const heading of ["## Install", "## Quick start", "## Errors", "## Bundlers", "## Command line", "## Sandbox"]) {
      assert.ok(readme.includes(`\n${heading}\n`), heading);
    }
  });
});

describe("the sandbox's tarball", () => {
  test("holds its README, LICENSE, CHANGELOG, every entry and both types, and not its tests", (t) => {
    const files = tarballs.sandboxInfo.files.map((f) => f.path);
    for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "package.json", "src/index.js", "src/node.js", "src/deno.js", "src/worker.js",
      "src/generated/catalog.js", "src/generated/webhooks.js", "types/index.d.ts", "types/index.d.cts"]) {
      assert.ok(files.includes(file), `${file} is in the tarball`);
    }
    assert.deepEqual(files.filter((f) => !/^(src\/.*\.js|types\/index\.d\.c?ts|README\.md|LICENSE|CHANGELOG\.md|package\.json)$/.test(f)), []);
    assert.match(readFileSync(join(root, "pkg-sandbox", "LICENSE"), "utf8"), /^MIT License/);
    t.diagnostic(`tarball ${kb(tarballs.sandboxInfo.size)}, ${kb(tarballs.sandboxInfo.unpackedSize)} unpacked, ${files.length} files`);
  });

  test("package.json: the library's version, no dependencies, an entry per runtime and types for import and require", () => {
    const manifest = JSON.parse(readFileSync(join(root, "pkg-sandbox", "package.json"), "utf8"));
    const library = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8"));
    assert.equal(manifest.name, "tiktok-shop-wasm-sandbox");
    assert.equal(manifest.version, library.version);
    assert.equal(manifest.license, "MIT");
    assert.equal(manifest.repository.url, library.repository.url);
    assert.equal(manifest.repository.directory, "sandbox");
    assert.equal(manifest.dependencies, undefined);
    assert.equal(manifest.peerDependencies, undefined);
    assert.deepEqual(manifest.exports["."], {
      types: { require: "./types/index.d.cts", default: "./types/index.d.ts" },
      workerd: "./src/worker.js", worker: "./src/worker.js", deno: "./src/deno.js", node: "./src/node.js", default: "./src/index.js",
    });
  });

  test("its README links the repository, the changelog, the issues and the client, and has each quick start", () => {
    const readme = readFileSync(join(root, "pkg-sandbox", "README.md"), "utf8");
    for (const link of ["/tree/main/sandbox#readme", "/blob/main/CHANGELOG.md", "/issues", "https://www.npmjs.com/package/tiktok-shop-wasm"]) {
      assert.ok(readme.includes(link), link);
    }
    for (const block of ["node-esm", "node-cjs", "typescript", "deno", "in-process", "workers", "workers-config"]) {
      assert.ok(readmeBlock(block, "sandbox").length > 0, block);
    }
    for (const heading of ["## Install", "## Quick start", "## Runtimes", "## Errors", "## Fault plan: rate limits and failures", "## Webhooks"]) {
      assert.ok(readme.includes(`\n${heading}\n`), heading);
    }
  });
});

describe("a Node project with only the library", () => {
  let app;
  before(async () => {
    app = await freshProject(join(work.dir, "app"), [tarballs.library]);
  });

  test("npm install adds one package and nothing else", (t) => {
    assert.deepEqual(installedPackages(app), ["tiktok-shop-wasm"]);
    assert.equal(existsSync(join(app, "node_modules", "tiktok-shop-wasm", "node_modules")), false);
    t.diagnostic(`node_modules: ${kb(du(join(app, "node_modules")))}`);
  });

  test("ES modules: the README's quick start lists the shops and the orders awaiting shipment", async () => {
    writeFileSync(join(app, "list-orders.mjs"), readmeBlock("node-esm"));
    const r = await exec(process.execPath, ["list-orders.mjs"], { cwd: app, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const awaiting = sb.sandbox.shop.data[0].orders.filter((o) => o.status === "AWAITING_SHIPMENT").length;
    assert.equal(r.stdout, `shops: ${shopNames().join(", ")}\n${awaiting} orders awaiting shipment\n`);
  });

  test("CommonJS: the README's quick start; require() and import share one instance", async () => {
    writeFileSync(join(app, "list-shops.cjs"), readmeBlock("node-cjs"));
    const r = await exec(process.execPath, ["list-shops.cjs"], { cwd: app, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "no experimental warning");
    assert.equal(r.stdout, `shops: ${shopNames().join(", ")}\n`);
    // The `module-sync` condition: on a Node with require(esm), both load node.js (one wasm
    // instance, one TikTokShopError class).
    writeFileSync(join(app, "same.cjs"), `const lib = require("tiktok-shop-wasm");
import("tiktok-shop-wasm").then((esm) => console.log(require.resolve("tiktok-shop-wasm").split("/").pop(), esm.TikTokShopError === lib.TikTokShopError));\n`);
    const same = await exec(process.execPath, ["same.cjs"], { cwd: app });
    assert.equal(same.stdout, "node.js true\n", same.stderr);
  });

  test("CommonJS on a Node without require(esm) (before 20.19): require() says so, import() runs the quick start (as the README says)", async () => {
    const flags = ["--no-experimental-require-module"];
    writeFileSync(join(app, "old-node.cjs"), `let required;
try { require("tiktok-shop-wasm"); required = "loaded"; } catch (e) { required = e.code; }
import("tiktok-shop-wasm").then(async ({ TikTokShop }) => {
  const shop = new TikTokShop({ appKey: process.env.TIKTOK_SHOP_APP_KEY, appSecret: process.env.TIKTOK_SHOP_APP_SECRET, accessToken: process.env.TIKTOK_SHOP_ACCESS_TOKEN, baseUrl: process.env.TIKTOK_SHOP_BASE_URL });
  const { shops } = await shop.authorization.getAuthorizedShops();
  console.log(JSON.stringify({ required, shops: shops.map((s) => s.name) }));
});\n`);
    const r = await exec(process.execPath, [...flags, "old-node.cjs"], { cwd: app, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { required: "ERR_REQUIRE_ESM", shops: shopNames() });
  });

  test("proxy without undici installed: a config error saying to install it", async () => {
    const script = (load) => `${load}
const base = { appKey: "k", appSecret: "s", accessToken: "t", proxy: "http://127.0.0.1:9", retries: 0 };
Promise.resolve().then(() => new TikTokShop(base).seller.getActiveShops()).then(
  () => console.log("no error"),
  (e) => console.log(JSON.stringify({ name: e.name, kind: e.kind, field: e.field, message: e.message })),
);\n`;
    writeFileSync(join(app, "proxy.mjs"), script('import { TikTokShop } from "tiktok-shop-wasm";'));
    const esm = JSON.parse((await run(process.execPath, ["proxy.mjs"], { cwd: app })).stdout);
    // Known when the client is made: nothing was sent.
    assert.deepEqual(esm, { name: "TikTokShopError", kind: "config", field: "proxy", message: "`proxy` needs the undici package in Node: `npm install undici`" });
    // require() gets the same module (require(esm)), and the same answer.
    writeFileSync(join(app, "proxy.cjs"), script('const { TikTokShop } = require("tiktok-shop-wasm");'));
    const cjs = JSON.parse((await run(process.execPath, ["proxy.cjs"], { cwd: app })).stdout);
    assert.deepEqual(cjs, esm);
  });

  test("Deno: the README's quick start with --allow-net --allow-env only (no file permission)", async () => {
    writeFileSync(join(app, "list-shops.ts"), readmeBlock("deno"));
    const r = await exec(bin("deno"), ["run", "--no-prompt", "--allow-net", "--allow-env", "list-shops.ts"], { cwd: app, env: env() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `shops: ${shopNames().join(", ")}\n`);
  });
});

describe("a Node project with the library and the sandbox", () => {
  let app;
  before(async () => {
    app = await freshProject(join(work.dir, "app-sandbox"), [tarballs.library, tarballs.sandbox]);
  });

  test("npm install adds the two packages and nothing else", () => {
    assert.deepEqual(installedPackages(app), ["tiktok-shop-wasm", "tiktok-shop-wasm-sandbox"]);
    assert.equal(existsSync(join(app, "node_modules", "tiktok-shop-wasm-sandbox", "node_modules")), false);
  });

  test("node --test: the sandbox README's test file passes", async () => {
    writeFileSync(join(app, "shops.test.mjs"), readmeBlock("node-esm", "sandbox"));
    // NODE_TEST_CONTEXT would make it report to this test runner instead of its stdout.
    const r = await exec(process.execPath, ["--test", "--test-reporter=tap", "shops.test.mjs"], { cwd: app, env: { NODE_TEST_CONTEXT: undefined } });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^# pass 1$/m);
    assert.match(r.stdout, /^# fail 0$/m);
  });

  test("CommonJS: the sandbox README's script requires both packages and lists three shops", async () => {
    writeFileSync(join(app, "sandbox-shops.cjs"), readmeBlock("node-cjs", "sandbox"));
    const r = await exec(process.execPath, ["sandbox-shops.cjs"], { cwd: app });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "", "no experimental warning");
    assert.match(r.stdout, /^shops: [^,\n]+, [^,\n]+, [^,\n]+\n$/);
  });

  test("CommonJS on a Node without require(esm): require() says so, import() loads it (as its README says)", async () => {
    const flags = ["--no-experimental-require-module"];
    writeFileSync(join(app, "old-node.cjs"), `let required;
try { require("tiktok-shop-wasm-sandbox"); required = "loaded"; } catch (e) { required = e.code; }
import("tiktok-shop-wasm-sandbox").then(async ({ startSandbox }) => {
  const sandbox = await startSandbox();
  await sandbox.close();
  console.log(JSON.stringify({ required, imported: sandbox.url.startsWith("http://127.0.0.1:") }));
});\n`);
    const r = await exec(process.execPath, [...flags, "old-node.cjs"], { cwd: app });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { required: "ERR_REQUIRE_ESM", imported: true });
  });

  test("in process: the sandbox README's fetch-handler example, no port", async () => {
    writeFileSync(join(app, "in-process.mjs"), readmeBlock("in-process", "sandbox"));
    const r = await exec(process.execPath, ["in-process.mjs"], { cwd: app });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `shops: ${shopNames().join(", ")}\n`, "seed 1: the default shops");
  });

  test("Deno: the sandbox README's Deno.test passes with --allow-net only", async () => {
    writeFileSync(join(app, "shops_test.ts"), readmeBlock("deno", "sandbox"));
    const r = await exec(bin("deno"), ["test", "--no-prompt", "--allow-net", "shops_test.ts"], { cwd: app });
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /ok \| 1 passed \| 0 failed/);
  });
});

/** The relative imports of the package's types that name no file (a broken types build). */
function missingTypeImports() {
  const dir = join(root, "pkg", "types");
  const text = readFileSync(join(dir, "index.d.ts"), "utf8");
  return [...text.matchAll(/from "(\.[^"]+)\.js"/g)].map((m) => m[1]).filter((p) => !existsSync(join(dir, `${p}.d.ts`)));
}

describe("TypeScript projects (--strict)", () => {
  let ts;
  before(async () => {
    ts = await freshProject(join(work.dir, "ts"), [tarballs.library, tarballs.sandbox, "@types/node@^20"]);
    writeFileSync(join(ts, "list-shops.ts"), readmeBlock("typescript"));
    writeFileSync(join(ts, "sandbox-shops.ts"), readmeBlock("typescript", "sandbox"));
    // Lines that must not compile: tsc reports an unused @ts-expect-error, so this file
    // fails if the package's types were missing or `any`.
    writeFileSync(join(ts, "wrong.ts"), `import { TikTokShop } from "tiktok-shop-wasm";
const shop = new TikTokShop({ appKey: "k", appSecret: "s" });
// @ts-expect-error page_size is a number
await shop.order.getOrderList({ page_size: "20" });
// @ts-expect-error no such operation
await shop.order.getOrderLists();
// @ts-expect-error appSecret is required
new TikTokShop({ appKey: "k" });
import { createSandbox } from "tiktok-shop-wasm-sandbox";
// @ts-expect-error seed is a number or a string
createSandbox({ seed: true });
// @ts-expect-error no such option
createSandbox({ shop: 2 });
`);
  });

  for (const [name, compilerOptions] of [
    ["nodenext", { module: "nodenext", moduleResolution: "nodenext", outDir: "out" }],
    ["bundler", { module: "esnext", moduleResolution: "bundler", noEmit: true }],
  ]) {
    test(`moduleResolution ${name}: both READMEs' quick starts and the lines that must not compile`, async (t) => {
      const missing = missingTypeImports();
      if (missing.length) return t.skip(`types/index.d.ts imports ${missing.join(", ")}, which the package lacks (tests/js/types.test.mjs fails on it too)`);
      const config = `tsconfig.${name}.json`;
      writeFileSync(join(ts, config), JSON.stringify({
        compilerOptions: { target: "es2022", strict: true, skipLibCheck: false, types: ["node"], ...compilerOptions },
        files: ["list-shops.ts", "sandbox-shops.ts", "wrong.ts"],
      }));
      const r = await exec(bin("tsc"), ["-p", config], { cwd: ts });
      assert.equal(r.code, 0, r.stdout + r.stderr);
      if (name === "nodenext") {
        const out = await exec(process.execPath, [join("out", "list-shops.js")], { cwd: ts, env: env() });
        assert.equal(out.code, 0, out.stderr);
        assert.equal(out.stdout, `shops: ${sb.sandbox.shop.shops.map((s) => `${s.name} (${s.region})`).join(", ")}\n`);
        const own = await exec(process.execPath, [join("out", "sandbox-shops.js")], { cwd: ts });
        assert.equal(own.code, 0, own.stderr);
        assert.equal(own.stdout, out.stdout, "the sandbox README's own sandbox has the same default shops");
      }
    });
  }
});

describe("the Cloudflare Worker example, built by wrangler", () => {
  let project;
  let wrangler;
  let worker;
  before(async () => {
    // The example as a user copies it, with the tarball for the registry's tiktok-shop-wasm.
    project = join(work.dir, "cloudflare-worker");
    mkdirSync(project);
    for (const f of ["package.json", "wrangler.toml", "src"]) cpSync(join(root, "js-examples", "cloudflare-worker", f), join(project, f), { recursive: true });
    // One install: wrangler from the example's package.json, the library and the sandbox
    // from their tarballs.
    await npmInstall(project, [tarballs.library, tarballs.sandbox]);
    wrangler = join(project, "node_modules", "wrangler", "bin", "wrangler.js");
  });
  after(async () => worker?.stop());

  test("it pins a wrangler that runs on this Node, and a compatibility date that wrangler's workerd serves", async () => {
    const manifest = JSON.parse(readFileSync(join(project, "package.json"), "utf8"));
    assert.match(manifest.devDependencies.wrangler, /^\d+\.\d+\.\d+$/, "an exact version");
    const version = await run(process.execPath, [wrangler, "--version"], { cwd: project });
    assert.equal(version.stdout.trim(), manifest.devDependencies.wrangler);
    // wrangler's workerd is named 1.YYYYMMDD.N: the newest compatibility date it serves.
    const workerd = JSON.parse(readFileSync(join(project, "node_modules", "workerd", "package.json"), "utf8")).version;
    const newest = workerd.split(".")[1].replace(/^(\d{4})(\d\d)(\d\d)$/, "$1-$2-$3");
    const date = /compatibility_date = "([\d-]+)"/.exec(readFileSync(join(project, "wrangler.toml"), "utf8"))[1];
    assert.ok(date <= newest, `compatibility_date ${date} is served by workerd ${workerd}`);
  });

  test("wrangler deploy --dry-run bundles the Worker and the .wasm", async (t) => {
    const r = await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", "dist"], { cwd: project });
    const files = readdirSync(join(project, "dist"));
    assert.ok(files.includes("index.js"), files.join(", "));
    const wasm = files.find((f) => f.endsWith("tiktok_shop_wasm_bg.wasm"));
    assert.ok(wasm, `the .wasm is a module of the upload: ${files.join(", ")}`);
    assert.match(readFileSync(join(project, "dist", "index.js"), "utf8"), new RegExp(`from "\\./${wasm.replace(/\./g, "\\.")}"`));
    const upload = /Total Upload: .*/.exec(r.stdout)?.[0] ?? "";
    t.diagnostic(`${upload}; index.js ${kb(statSync(join(project, "dist", "index.js")).size)}, wasm ${kb(statSync(join(project, "dist", wasm)).size)}`);
  });

  test("wrangler's bundle runs in workerd: OAuth against the sandbox, then /orders", async () => {
    worker = await startWorker({
      main: join(project, "dist", "index.js"),
      bindings: {
        TIKTOK_SHOP_APP_KEY: sb.appKey,
        TIKTOK_SHOP_APP_SECRET: sb.appSecret,
        TIKTOK_SHOP_BASE_URL: sb.url,
        TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
        TIKTOK_SHOP_SERVICE_ID: sb.sandbox.serviceId ?? "sandbox-service-id",
        TIKTOK_SHOP_AUTHORIZE_URL: `${sb.url}/open/authorize`,
      },
      durableObjects: { SHOP_STATE: "ShopState" },
    });
    const start = await fetch(`${worker.url}/oauth/start`, { redirect: "manual" });
    assert.equal(start.status, 302);
    const page = await fetch(start.headers.get("location"), { redirect: "manual" });
    assert.equal(page.status, 302, "the sandbox's authorization page redirects back with a code");
    const callback = await fetch(new URL(page.headers.get("location")));
    assert.equal(callback.status, 200, await callback.clone().text());
    assert.deepEqual((await callback.json()).shops, shopNames());
    const orders = await (await fetch(`${worker.url}/orders`)).json();
    assert.equal(orders.total, sb.sandbox.shop.data[0].orders.length);
  });

  test("the README's Worker, built by the same wrangler, answers with the shops", async () => {
    const dir = join(project, "readme-worker");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "index.js"), readmeBlock("workers"));
    writeFileSync(join(dir, "wrangler.toml"), readmeBlock("workers-config"));
    await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir });
    const readmeWorker = await startWorker({ main: join(dir, "dist", "index.js"), bindings: env() });
    try {
      const r = await fetch(readmeWorker.url);
      assert.equal(r.status, 200, await r.clone().text());
      assert.deepEqual(await r.json(), { shops: shopNames() });
    } finally {
      await readmeWorker.stop();
    }
  });

  test("the sandbox README's Worker, built by the same wrangler, serves the library's quick start", async () => {
    const dir = join(project, "sandbox-worker");
    mkdirSync(join(dir, "src"), { recursive: true });
    writeFileSync(join(dir, "src", "index.js"), readmeBlock("workers", "sandbox"));
    const config = readmeBlock("workers-config", "sandbox");
    writeFileSync(join(dir, "wrangler.toml"), config);
    await run(process.execPath, [wrangler, "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir });
    // The [vars] of its wrangler.toml, as wrangler would bind them.
    const vars = Object.fromEntries([...config.split("[vars]")[1].matchAll(/^(\w+) = "([^"]*)"$/gm)].map((m) => [m[1], m[2]]));
    assert.deepEqual(Object.keys(vars), ["SANDBOX_APP_KEY", "SANDBOX_APP_SECRET", "SANDBOX_SHOPS"]);
    const sandboxWorker = await startWorker({ main: join(dir, "dist", "index.js"), bindings: vars });
    try {
      const tokens = await (await fetch(`${sandboxWorker.url}/__sandbox/tokens`, { method: "POST" })).json();
      const names = (await (await fetch(`${sandboxWorker.url}/__sandbox/shop`)).json()).shops.map((s) => s.name);
      assert.equal(names.length, 3);
      // The library's own quick start (installed from its tarball in this project) against it.
      writeFileSync(join(project, "list-orders.mjs"), readmeBlock("node-esm"));
      const r = await exec(process.execPath, ["list-orders.mjs"], {
        cwd: project,
        env: quickStartEnv({ appKey: vars.SANDBOX_APP_KEY, appSecret: vars.SANDBOX_APP_SECRET, url: sandboxWorker.url }, tokens),
      });
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^shops: ${names.join(", ")}\\n\\d+ orders awaiting shipment\\n$`));
    } finally {
      await sandboxWorker.stop();
    }
  });
});

describe("the CLI package", () => {
  let cli;
  before(async () => {
    // The three tarballs together: npm takes the CLI's two exact dependencies from them.
    cli = await freshProject(join(work.dir, "cli"), [tarballs.library, tarballs.sandbox, tarballs.cli]);
  });

  test("depends on exactly this version of the library and of the sandbox, and brings the CLI's libraries", (t) => {
    const manifest = JSON.parse(readFileSync(join(root, "pkg-cli", "package.json"), "utf8"));
    const library = JSON.parse(readFileSync(join(root, "pkg", "package.json"), "utf8"));
    assert.equal(manifest.dependencies["tiktok-shop-wasm"], library.version);
    assert.equal(manifest.dependencies["tiktok-shop-wasm-sandbox"], library.version);
    assert.deepEqual(manifest.bin, { "tiktok-shop": "index.js" });
    const installed = installedPackages(cli);
    for (const name of ["tiktok-shop-wasm", "tiktok-shop-wasm-sandbox", "tiktok-shop-wasm-cli", "yargs-parser", "cli-progress", "undici", "@modelcontextprotocol/sdk"]) assert.ok(installed.includes(name), name);
    t.diagnostic(`${installed.length} packages, ${kb(du(join(cli, "node_modules")))}`);
  });

  test("npx tiktok-shop-wasm-cli (the package name) and npx tiktok-shop (in the project) run it", async () => {
    const byName = await exec("npx", ["--offline", "tiktok-shop-wasm-cli", "--version"], { cwd: cli });
    assert.equal(byName.code, 0, byName.stderr);
    assert.match(byName.stdout, /^tiktok-shop-wasm-cli \d+\.\d+\.\d+ \(tiktok-shop-wasm \d+\.\d+\.\d+\)\n$/);
    const byCommand = await exec("npx", ["--offline", "tiktok-shop", "--version"], { cwd: cli });
    assert.equal(byCommand.stdout, byName.stdout, byCommand.stderr);
  });

  test("its MCP server answers the SDK's client on stdio; tiktok-shop-wasm-cli/mcp imports", async () => {
    const { startStdio, serverEnv } = await import("../support/mcp.mjs");
    const session = await startStdio([], serverEnv(join(cli, "home"), env()), { cli: join(cli, "node_modules", ".bin", "tiktok-shop") });
    try {
      const { shops } = await session.ok("list_shops", {});
      assert.deepEqual(shops.map((s) => s.name), shopNames());
    } finally {
      await session.close();
    }
    const r = await exec(process.execPath, ["--input-type=module", "-e", 'const m = await import("tiktok-shop-wasm-cli/mcp"); console.log(Object.keys(m).sort().join(","))'], { cwd: cli });
    assert.equal(r.stdout.trim(), "DEFAULT_LIMITS,MAX_REQUEST_BYTES,ToolError,bearerMatches,createTools,groupNames,mcpHttpHandler,serverFactory,writeGate", r.stderr);
  });

  test("a call against the sandbox, with the credentials from the environment", async () => {
    const e = env();
    const r = await exec("npx", ["--offline", "tiktok-shop", "authorization", "getAuthorizedShops", "--compact"], { cwd: cli, env: e });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).shops.map((s) => s.name), shopNames());
    assert.ok(!r.stdout.includes(e.TIKTOK_SHOP_ACCESS_TOKEN) && !r.stderr.includes(e.TIKTOK_SHOP_ACCESS_TOKEN));
  });
  test("tiktok-shop sandbox runs the installed tiktok-shop-wasm-sandbox, and the CLI calls it with the printed exports", async () => {
    const child = spawn(join(cli, "node_modules", ".bin", "tiktok-shop"), ["sandbox", "--port", "0", "--seed", "5"], { cwd: cli, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise((resolve) => child.once("close", (code) => resolve(code)));
    try {
      let stdout = "";
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${stdout}`)), 15_000);
        child.stdout.setEncoding("utf8").on("data", (d) => {
          stdout += d;
          if (stdout.includes("Ctrl-C")) clearTimeout(timer), resolve();
        });
        child.once("close", () => reject(new Error(`exited: ${stdout}`)));
      });
      const exports = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      const tokens = await (await fetch(`${exports.TIKTOK_SHOP_BASE_URL}/__sandbox/tokens`, { method: "POST" })).json();
      const names = (await (await fetch(`${exports.TIKTOK_SHOP_BASE_URL}/__sandbox/shop`)).json()).shops.map((s) => s.name);
      const r = await exec("npx", ["--offline", "tiktok-shop", "authorization", "getAuthorizedShops", "--compact"], {
        cwd: cli,
        env: {
          ...quickStartEnv({ appKey: exports.TIKTOK_SHOP_APP_KEY, appSecret: exports.TIKTOK_SHOP_APP_SECRET, url: exports.TIKTOK_SHOP_BASE_URL }, tokens),
          TIKTOK_SHOP_PROFILE_FILE: join(cli, "no-profiles.json"),
        },
      });
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout).shops.map((s) => s.name), names);
    } finally {
      child.kill("SIGINT");
    }
    assert.equal(await exited, 0);
  });
});

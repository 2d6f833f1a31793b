// The package after bundling, configured as the package README's "Bundlers" section says:
// esbuild and webpack for Node (ES module and CommonJS output), esbuild for Cloudflare
// Workers (the `workerd` condition). Each bundle is copied away from node_modules and run
// against a sandbox served by this test: by Node, or by workerd.
// The project bundled from has the packed tarball and undici installed, so the bundles show
// that undici stays out unless `proxy` is used (and then it is loaded at run time). About 15 s.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import webpack from "webpack";
import { startSandbox } from "../support/sandbox.mjs";
import { startProxy } from "../support/proxy.mjs";
import { startWorker } from "../support/workerd.mjs";
import { bin, exec, freshProject, packPackages, quickStartEnv, readmeBlock, run, tempDir } from "../support/packages.mjs";

const WASM = "tiktok_shop_wasm_bg.wasm";
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;

// The same small app, as an ES module and as CommonJS (which `require`s the package).
const APP_BODY = `
async function main() {
  const shop = new TikTokShop({
    appKey: process.env.TIKTOK_SHOP_APP_KEY,
    appSecret: process.env.TIKTOK_SHOP_APP_SECRET,
    accessToken: process.env.TIKTOK_SHOP_ACCESS_TOKEN,
    baseUrl: process.env.TIKTOK_SHOP_BASE_URL,
    authBaseUrl: process.env.TIKTOK_SHOP_AUTH_BASE_URL,
    proxy: process.env.TIKTOK_SHOP_PROXY || undefined,
  });
  const { shops } = await shop.authorization.getAuthorizedShops();
  console.log(shops.map((s) => s.name).join(", "));
}
main().catch((error) => {
  console.error(\`\${error.name} \${error.kind}: \${error.message}\`);
  process.exitCode = 1;
});
`;
const APP_ESM = `import { TikTokShop } from "tiktok-shop-wasm";\n${APP_BODY}`;
const APP_CJS = `const { TikTokShop } = require("tiktok-shop-wasm");\n${APP_BODY}`;

let sb;
let work;
let project;
let away;
const env = (extra = {}) => ({ ...quickStartEnv(sb, sb.sandbox.issueTokens()), ...extra });
const shopNames = () => sb.sandbox.shop.shops.map((s) => s.name).join(", ");

before(async () => {
  sb = await startSandbox();
  work = tempDir("tiktok-shop-bundlers-");
  const { library } = await packPackages(work.dir, ["library"]);
  project = await freshProject(join(work.dir, "project"), [library, "undici@^6.21.0"]);
  mkdirSync(join(project, "src"));
  writeFileSync(join(project, "src", "app.mjs"), APP_ESM);
  writeFileSync(join(project, "src", "app.cjs"), APP_CJS);
  // Where bundles run: no node_modules on the way up.
  away = join(work.dir, "away");
  mkdirSync(away);
});
after(async () => {
  await sb?.close();
  work?.remove();
});

/** Copies a bundle's output folder where no node_modules can be found; returns its path. */
function moveAway(dist, name) {
  const target = join(away, name);
  cpSync(dist, target, { recursive: true });
  return target;
}

/** What a Node bundle must not hold: undici's own code. */
function assertNoUndici(dist) {
  for (const file of readdirSync(dist)) {
    if (!file.endsWith(".js") && !file.endsWith(".mjs") && !file.endsWith(".cjs")) continue;
    const text = readFileSync(join(dist, file), "utf8");
    assert.ok(!text.includes("DispatcherBase") && !text.includes("class ProxyAgent"), `${file} holds undici`);
  }
}

function webpackBuild(config) {
  return new Promise((resolve, reject) =>
    webpack(config, (error, stats) => {
      if (error) return reject(error);
      if (stats.hasErrors() || stats.hasWarnings()) return reject(new Error(stats.toString({ colors: false, all: false, errors: true, warnings: true })));
      resolve(stats);
    }),
  );
}

describe("esbuild for Node: the .wasm copied beside the bundle", () => {
  for (const [format, source, outfile] of [["esm", "app.mjs", "app.mjs"], ["cjs", "app.cjs", "app.cjs"]]) {
    test(`--format=${format} (from ${source})`, async (t) => {
      const dist = join(project, `dist-esbuild-${format}`);
      await run(bin("esbuild"), [join("src", source), "--bundle", "--platform=node", `--format=${format}`, `--outfile=${join(dist, outfile)}`, "--log-level=warning"], { cwd: project });
      assertNoUndici(dist);
      const size = statSync(join(dist, outfile)).size;
      t.diagnostic(`bundle ${kb(size)} + ${WASM}`);
      assert.ok(size < 150 * 1024, `bundle ${kb(size)}`);

      // Without the .wasm beside it, the error says where it looked and what to do.
      const bare = moveAway(dist, `esbuild-${format}-bare`);
      const missing = await exec(process.execPath, [outfile], { cwd: bare, env: env() });
      assert.notEqual(missing.code, 0);
      assert.match(missing.stderr, new RegExp(`tiktok-shop-wasm: ${WASM} was not found .*see "Bundlers" in the package's README`));

      // As the README says: cp node_modules/tiktok-shop-wasm/tiktok_shop_wasm_bg.wasm dist/
      cpSync(join(project, "node_modules", "tiktok-shop-wasm", WASM), join(dist, WASM));
      const ready = moveAway(dist, `esbuild-${format}`);
      const r = await exec(process.execPath, [outfile], { cwd: ready, env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${shopNames()}\n`);
    });
  }

  test("with `proxy`, the bundle loads undici at run time: through the proxy beside node_modules, a config error without", async () => {
    const dist = join(project, "dist-esbuild-esm");
    const proxy = await startProxy();
    try {
      // In the project: undici resolves from the bundle's folder.
      const r = await exec(process.execPath, ["app.mjs"], { cwd: dist, env: env({ TIKTOK_SHOP_PROXY: proxy.url }) });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${shopNames()}\n`);
      const host = new URL(sb.url).host;
      assert.ok(proxy.seen.some((s) => s.url === host || s.url.startsWith(sb.url)), `the proxy carried the call: ${JSON.stringify(proxy.seen)}`);
      // Away from any node_modules: what to install.
      const awayRun = await exec(process.execPath, ["app.mjs"], { cwd: join(away, "esbuild-esm"), env: env({ TIKTOK_SHOP_PROXY: proxy.url }) });
      assert.equal(awayRun.code, 1);
      assert.equal(awayRun.stderr, "TikTokShopError config: `proxy` needs the undici package in Node: `npm install undici`\n");
    } finally {
      await proxy.close();
    }
  });
});

describe("webpack for Node: nothing to configure", () => {
  for (const [output, source] of [["esm", "app.mjs"], ["cjs", "app.cjs"]]) {
    test(`${output === "esm" ? "ES module" : "CommonJS"} output (from ${source})`, async (t) => {
      const dist = join(project, `dist-webpack-${output}`);
      const filename = output === "esm" ? "app.mjs" : "app.cjs";
      await webpackBuild({
        mode: "production",
        target: "node20",
        context: project,
        entry: `./src/${source}`,
        output: output === "esm"
          ? { path: dist, filename, module: true, chunkFormat: "module", library: { type: "module" } }
          : { path: dist, filename },
        experiments: output === "esm" ? { outputModule: true } : {},
        optimization: { minimize: false },
      });
      const files = readdirSync(dist).sort();
      assert.equal(files.length, 2, `the bundle and the .wasm asset, no undici chunk: ${files.join(", ")}`);
      assert.ok(files.includes(filename) && files.some((f) => f.endsWith(".wasm")), files.join(", "));
      assertNoUndici(dist);
      const size = statSync(join(dist, filename)).size;
      t.diagnostic(`bundle ${kb(size)} + the .wasm asset`);
      assert.ok(size < 150 * 1024, `bundle ${kb(size)}`);
      const r = await exec(process.execPath, [filename], { cwd: moveAway(dist, `webpack-${output}`), env: env() });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${shopNames()}\n`);
    });
  }
});

describe("esbuild for Cloudflare Workers", () => {
  const workerEnv = () => quickStartEnv(sb, sb.sandbox.issueTokens());

  test("--conditions=workerd --loader:.wasm=copy: the README's Worker runs in workerd", async (t) => {
    writeFileSync(join(project, "src", "index.js"), readmeBlock("workers"));
    const dist = join(project, "dist-worker");
    // The README's command.
    await run(bin("esbuild"), ["src/index.js", "--bundle", "--format=esm", "--conditions=workerd", "--loader:.wasm=copy", `--outdir=${dist}`, "--log-level=warning"], { cwd: project });
    const files = readdirSync(dist);
    assert.ok(files.some((f) => f.endsWith(".wasm")), files.join(", "));
    t.diagnostic(`bundle ${kb(statSync(join(dist, "index.js")).size)} + the .wasm module`);
    const worker = await startWorker({ main: join(dist, "index.js"), bindings: workerEnv() });
    try {
      const r = await fetch(worker.url);
      assert.equal(r.status, 200, await r.clone().text());
      assert.deepEqual(await r.json(), { shops: sb.sandbox.shop.shops.map((s) => s.name) });
    } finally {
      await worker.stop();
    }
  });

  test("without the workerd condition the Worker fails to load, saying which condition it needs", async () => {
    const dist = join(project, "dist-worker-web");
    await run(bin("esbuild"), ["src/index.js", "--bundle", "--format=esm", "--loader:.wasm=copy", `--outdir=${dist}`, "--log-level=error"], { cwd: project });
    const failure = await startWorker({ main: join(dist, "index.js"), bindings: workerEnv() }).then(
      async (worker) => {
        const text = await (await fetch(worker.url)).text();
        const output = worker.output();
        await worker.stop();
        return `${text}\n${output}`;
      },
      (error) => error.message,
    );
    assert.match(failure, /Cloudflare Workers need the `workerd` export condition/);
  });
});

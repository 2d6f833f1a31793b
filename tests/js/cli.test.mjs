// The command line as users run it: real `node pkg-cli/index.js` processes (the
// tiktok-shop-wasm-cli package, as built by scripts/build.mjs) against a
// sandbox served over HTTP by this test, terminals through `script` (a real pty), profile
// files on disk. At the end every output of the file is searched for the secrets used.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { listOperations } from "tiktok-shop-wasm";
import { startSandbox } from "../support/sandbox.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const cli = join(root, "pkg-cli", "index.js");
const vectors = JSON.parse(readFileSync(join(root, "tests", "fixtures", "signing-vectors.json"), "utf8")).request_vectors;

const APP_KEY = "cli-test-app-key";
const APP_SECRET = "cli-test-app-secret-5e1f0c9a";

/** Every output of every CLI process of this file (the sandbox command's own stdout aside). */
const outputs = [];
/** Secret values none of those outputs may contain. */
const secrets = new Set([APP_SECRET]);

let sb;
let work;
let home;

/** The environment of a CLI process: nothing TIKTOK_SHOP_* from outside, a HOME of its own. */
function baseEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("TIKTOK_SHOP_") && k !== "XDG_CONFIG_HOME") env[k] = v;
  return { ...env, HOME: home, NO_COLOR: "1" };
}

function run(args, { env = {}, stdin } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], {
      cwd: root,
      env: { ...baseEnv(), ...env },
      stdio: [stdin === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    if (stdin !== undefined) child.stdin.end(stdin);
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code, stdout, stderr, args };
      outputs.push(result);
      resolve(result);
    });
  });
}

const q = (s) => `'${String(s).replace(/'/g, "'\\''")}'`;

/** Whether `script` can give this machine's processes a pseudo-terminal. */
const ptyAvailable = (() => {
  const r = spawnSync("script", ["-qec", "test -t 1 && test -t 2", "/dev/null"], { stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
  return r.status === 0;
})();

/** Runs the CLI under a pty (stdout and stderr are terminals unless `shellTail` redirects). */
function runPty(args, { env = {}, shellTail = "" } = {}) {
  const command = `stty cols 120 2>/dev/null; ${q(process.execPath)} ${q(cli)} ${args.map(q).join(" ")} ${shellTail}`;
  return new Promise((resolve, reject) => {
    const child = spawn("script", ["-qec", command, "/dev/null"], { cwd: root, env: { ...baseEnv(), ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    child.stdout.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d) => (stdout += d));
    child.on("error", reject);
    child.on("close", (code) => {
      const result = { code, stdout, stderr: "", args };
      outputs.push(result);
      resolve(result);
    });
  });
}

/** Fresh tokens for shop 1 (recorded as secrets). */
function issueTokens() {
  const tokens = sb.sandbox.issueTokens();
  secrets.add(tokens.access_token);
  secrets.add(tokens.refresh_token);
  return tokens;
}

function mintCode() {
  const code = sb.sandbox.mintAuthCode();
  secrets.add(code);
  return code;
}

const shop1 = () => sb.sandbox.shop.shops[0];
const shopData = () => sb.sandbox.shop.data[0];

/** Credentials of shop 1 in the environment. */
function envCreds(tokens = issueTokens()) {
  return {
    TIKTOK_SHOP_APP_KEY: APP_KEY,
    TIKTOK_SHOP_APP_SECRET: APP_SECRET,
    TIKTOK_SHOP_ACCESS_TOKEN: tokens.access_token,
    TIKTOK_SHOP_SHOP_CIPHER: shop1().cipher,
    TIKTOK_SHOP_BASE_URL: sb.url,
    TIKTOK_SHOP_AUTH_BASE_URL: sb.url,
  };
}

function lastRequest(op) {
  const list = sb.sandbox.requests.filter((r) => !op || r.op === op);
  return list[list.length - 1];
}

let profileCount = 0;
/** A profile file path in a directory that does not exist yet. */
function newProfileFile() {
  profileCount += 1;
  return join(work, `config-${profileCount}`, "tiktok-shop", "profiles.json");
}

function readProfile(file, name = "default") {
  const profile = JSON.parse(readFileSync(file, "utf8")).profiles[name];
  if (profile?.access_token) secrets.add(profile.access_token);
  if (profile?.refresh_token) secrets.add(profile.refresh_token);
  return profile;
}

/** A minimal RFC 4180 reader for the CSV checks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(field), (field = "");
    else if (c === "\n" || (c === "\r" && text[i + 1] === "\n")) {
      if (c === "\r") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length) row.push(field), rows.push(row);
  return rows;
}

before(async () => {
  sb = await startSandbox({ appKey: APP_KEY, appSecret: APP_SECRET });
  work = mkdtempSync(join(tmpdir(), "tiktok-shop-cli-"));
  home = join(work, "home");
});
after(async () => {
  await sb.close();
  rmSync(work, { recursive: true, force: true });
});

describe("catalog", () => {
  test("list prints one line per operation", async () => {
    const r = await run(["list"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, listOperations().length);
    const line = lines.find((l) => /^order\s+getOrderList\s/.test(l));
    assert.match(line, /^order\s+getOrderList\s+POST\s+\/order\/202309\/orders\/search\s+202309\s+paginated\b/);
    const detail = lines.find((l) => /^order\s+getOrderDetail\s/.test(l));
    assert.match(detail, /GET\s+\/order\/202507\/orders\s+202507,202309/);
    assert.match(lines.find((l) => /\suploadProductImage\s/.test(l)), /multipart/);
  });

  test("list <group> prints that group only; an unknown group suggests one", async () => {
    const r = await run(["list", "finance"]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    assert.equal(lines.length, listOperations().filter((o) => o.group === "finance").length);
    assert.ok(lines.every((l) => l.startsWith("finance ")));
    const bad = await run(["list", "finanse"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /did you mean finance\?/);
  });

  test("--help prints the usage", async () => {
    const r = await run(["--help"]);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: tiktok-shop <group> <operation>/);
    for (const word of ["--all", "--format csv", "auth exchange", "sign --path", "sandbox", "TIKTOK_SHOP_PROFILE_FILE"]) {
      assert.ok(r.stdout.includes(word), word);
    }
    const none = await run([]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /missing a command/);
  });

  test("--version alone prints the CLI's and the library's versions", async () => {
    const r = await run(["--version"]);
    assert.equal(r.code, 0, r.stderr);
    const cliVersion = JSON.parse(readFileSync(join(root, "cli", "package.json"), "utf8")).version;
    const libVersion = JSON.parse(readFileSync(join(root, "pkg-template", "package.json"), "utf8")).version;
    assert.equal(r.stdout, `tiktok-shop-wasm-cli ${cliVersion} (tiktok-shop-wasm ${libVersion})\n`);
  });

  test("<group> <operation> --help shows its parameters, versions and paths", async () => {
    const r = await run(["order", "getOrderList", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    const entry = listOperations().find((o) => o.group === "order" && o.operation === "getOrderList");
    for (const p of entry.params) {
      assert.match(r.stdout, new RegExp(`--${p.name}\\s+${p.in}\\s+${p.type}\\s+${p.required ? "yes" : "no"}\\n`), p.name);
    }
    assert.match(r.stdout, /202309\s+\/order\/202309\/orders\/search/);
    assert.match(r.stdout, /paginated: items in `orders`, page_size up to 100/);
    assert.match(r.stdout, new RegExp(`scopes: ${entry.scopes.join(" or ").replaceAll(".", "\\.")}\n`), "the version's scopes");
    const widget = await run(["authorization", "getWidgetToken", "--help"]);
    assert.match(widget.stdout, /scopes: not known/);
    const detail = await run(["order", "getOrderDetail", "--help"]);
    assert.match(detail.stdout, /202507\s+\/order\/202507\/orders\n\s+202309\s+\/order\/202309\/orders/);
    assert.match(detail.stdout, /--ids\s+query\s+array\s+yes/);
  });

  test("--help gives each version's source and its own parameters; --version narrows it to one", async () => {
    const entry = listOperations().find((o) => o.group === "fulfillment" && o.operation === "markPackageAsShipped");
    const [newest, older] = entry.versions;
    assert.equal(entry.byVersion[newest].source, "docs-catalog");
    assert.equal(entry.byVersion[older].source, "tiktok-oas");
    const names = (v) => entry.byVersion[v].params.map((p) => p.name).sort().join(",");
    assert.notEqual(names(newest), names(older), "the two versions take different parameters");
    const r = await run(["fulfillment", "mark-package-as-shipped", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    // One section per version: its header names the source; its table, its own parameters.
    const sections = r.stdout.split(/\n(?=\d{6}, )/).slice(1);
    assert.equal(sections.length, 2, r.stdout);
    assert.match(sections[0], new RegExp(`^${newest}, the default \\(source: docs-catalog, derived from TikTok's documentation`));
    assert.match(sections[1], new RegExp(`^${older}, with --version ${older} \\(source: tiktok-oas, TikTok's OpenAPI description\\)`));
    const listed = (text) => [...text.matchAll(/^ {4}--(\S+)\s+(path|query|body|form|file)\s/gm)].map((m) => m[1]).sort().join(",");
    assert.equal(listed(sections[0]), names(newest));
    assert.equal(listed(sections[1]), names(older));
    const one = await run(["fulfillment", "markPackageAsShipped", "--help", "--version", older]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(one.stdout.split(/\n(?=\d{6}, )/).length, 2, "only the version asked for");
    assert.match(one.stdout, new RegExp(`\\n${older}, with --version ${older} `));
    const bad = await run(["fulfillment", "markPackageAsShipped", "--help", "--version", "199901"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /has no version 199901 \(versions: /);
  });

  test("kebab-case and snake_case spellings of groups and operations work", async () => {
    const r = await run(["return-refund", "search_returns", "--help"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^returnRefund searchReturns: POST/);
  });
});

describe("calls", () => {
  test("versions and operations from the docs catalog are called like any other: the newest by default, another with --version", async () => {
    const env = envCreds();
    const latest = await run(["return-refund", "search-returns", "--page_size", "2"], { env });
    assert.equal(latest.code, 0, latest.stderr);
    assert.ok(Array.isArray(JSON.parse(latest.stdout).return_orders));
    let req = lastRequest("returnRefund.searchReturns");
    assert.equal(`${req.method} ${req.path} ${req.version}`, "POST /return_refund/202602/returns/search 202602");
    assert.equal(req.signatureValid, true);
    assert.equal(req.shopCipher, shop1().cipher);
    const older = await run(["return-refund", "search-returns", "--page_size", "2", "--version", "202309"], { env });
    assert.equal(older.code, 0, older.stderr);
    req = lastRequest("returnRefund.searchReturns");
    assert.equal(`${req.path} ${req.version}`, "/return_refund/202309/returns/search 202309");
    // An operation only the docs catalog has (TikTok's description lacks it at any version).
    const groups = await run(["seller", "get-shop-group-and-related-shops"], { env });
    assert.equal(groups.code, 0, groups.stderr);
    req = lastRequest("seller.getShopGroupAndRelatedShops");
    assert.equal(`${req.method} ${req.path}`, "GET /seller/202601/shop_groups");
    assert.equal(req.shopCipher, null, "an operation without shop_cipher never gets one");
    assert.equal(req.signatureValid, true);
  });

  test("flags become typed parameters; compact JSON when piped; the sandbox saw the request", async () => {
    const since = shopData().orders[0].create_time;
    const r = await run(["order", "getOrderList", "--page_size", "3", "--order_status", "COMPLETED", "--create_time_ge", String(since), "--sort_order", "ASC"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.equal(r.stdout.trimEnd().split("\n").length, 1, "compact: one line");
    const data = JSON.parse(r.stdout);
    assert.equal(data.orders.length, 3);
    assert.ok(data.orders.every((o) => o.status === "COMPLETED"));
    const req = lastRequest("order.getOrderList");
    assert.equal(req.path, "/order/202309/orders/search");
    assert.equal(req.query.page_size, "3");
    assert.equal(req.query.sort_order, "ASC");
    assert.equal(req.shopCipher, shop1().cipher);
    assert.equal(req.signatureValid, true);
    // body values keep their types: create_time_ge went out as a number
    assert.deepEqual(JSON.parse(req.bodyText), { order_status: "COMPLETED", create_time_ge: since });
  });

  test("array parameters take comma lists and repeated flags", async () => {
    const ids = shopData().orders.slice(0, 3).map((o) => o.id);
    const r = await run(["order", "getOrderDetail", "--ids", `${ids[0]},${ids[1]}`, "--ids", ids[2]], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).orders.map((o) => o.id), ids);
    assert.equal(lastRequest("order.getOrderDetail").query.ids, ids.join(","));
  });

  test("--json is merged with the flags, and flags win", async () => {
    const r = await run(["order", "getOrderList", "--json", '{"page_size":1,"order_status":"CANCELLED"}', "--page-size", "2"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    const data = JSON.parse(r.stdout);
    assert.equal(data.orders.length, 2);
    assert.ok(data.orders.every((o) => o.status === "CANCELLED"));
    const req = lastRequest("order.getOrderList");
    assert.equal(req.query.page_size, "2");
    assert.deepEqual(JSON.parse(req.bodyText), { order_status: "CANCELLED" });
    // --json - reads stdin
    const viaStdin = await run(["order", "getOrderList", "--json", "-"], { env: envCreds(), stdin: '{"page_size":4}' });
    assert.equal(viaStdin.code, 0, viaStdin.stderr);
    assert.equal(JSON.parse(viaStdin.stdout).orders.length, 4);
  });

  test("--version selects another version of the operation", async () => {
    const id = shopData().orders[0].id;
    const r = await run(["order", "getOrderDetail", "--ids", id, "--version", "202309"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastRequest("order.getOrderDetail").path, "/order/202309/orders");
    const bad = await run(["order", "getOrderDetail", "--ids", id, "--version", "202001"], { env: envCreds() });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no version 202001 \(versions: 202507, 202309\)/);
  });

  test("--pretty indents by two spaces; a terminal gets pretty JSON", async (t) => {
    const r = await run(["order", "getOrderList", "--page_size", "1", "--pretty"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^\{\n  "next_page_token": /);
    if (!ptyAvailable) return t.skip("no pseudo-terminal here (`script` failed)");
    const tty = await runPty(["order", "getOrderList", "--page_size", "1"], { env: envCreds() });
    assert.equal(tty.code, 0, tty.stdout);
    assert.match(tty.stdout.replace(/\r\n/g, "\n"), /^\{\n  "next_page_token": "[^"]*",\n  "orders": \[\n    \{\n/);
  });
});

describe("--all", () => {
  test("streams every item as NDJSON; no progress bar when stderr is piped", async () => {
    const r = await run(["order", "getOrderList", "--all"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    const orders = shopData().orders;
    assert.equal(lines.length, orders.length);
    assert.deepEqual(new Set(lines.map((o) => o.id)), new Set(orders.map((o) => o.id)));
  });

  // The items of this operation are at a dotted path of the page (`performance.intervals`).
  // todo: the library's pagination sends `page_size` to it, which it does not take (an
  // invalid_request before anything is sent); the CLI's part passes once that is fixed.
  test("items at a dotted path (performance.intervals) are streamed", async () => {
    const entry = listOperations().find((o) => o.operation === "getShopLivePerformancePerMinutes");
    assert.equal(entry.byVersion[entry.versions[0]].items, "performance.intervals");
    const r = await run(["analytics", "getShopLivePerformancePerMinutes", "--live_id", "7001", "--all"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
    assert.ok(lines.length > 0 && lines.every((l) => l && typeof l === "object" && !Array.isArray(l)), r.stdout.slice(0, 200));
  });

  test("--limit stops after N items (and stops requesting pages)", async () => {
    sb.sandbox.resetLog();
    const r = await run(["order", "getOrderList", "--all", "--page_size", "5", "--limit", "12"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trimEnd().split("\n").length, 12);
    assert.equal(sb.sandbox.requests.filter((x) => x.op === "order.getOrderList").length, 3);
  });

  test("--format csv: a header of the first page's top-level fields, one row per item", async () => {
    const r = await run(["order", "getOrderList", "--all", "--format", "csv"], { env: envCreds() });
    assert.equal(r.code, 0, r.stderr);
    const rows = parseCsv(r.stdout);
    const [header, ...body] = rows;
    const orders = shopData().orders;
    assert.equal(body.length, orders.length);
    for (const col of ["id", "status", "create_time", "payment", "line_items"]) assert.ok(header.includes(col), col);
    assert.equal(new Set(header).size, header.length);
    const idCol = header.indexOf("id");
    assert.deepEqual(new Set(body.map((row) => row[idCol])), new Set(orders.map((o) => o.id)));
    assert.ok(body.every((row) => row.length === header.length));
    // nested values are JSON
    const first = orders.find((o) => o.id === body[0][idCol]);
    const payment = JSON.parse(body[0][header.indexOf("payment")]);
    assert.equal(payment.total_amount, first.payment.total_amount);
    assert.deepEqual(JSON.parse(body[0][header.indexOf("line_items")]).map((li) => li.id), first.line_items.map((li) => li.id));
  });

  test("a progress bar on stderr under a terminal", async (t) => {
    if (!ptyAvailable) return t.skip("no pseudo-terminal here (`script` failed)");
    const out = join(work, "all.ndjson");
    const total = shopData().orders.length;
    const r = await runPty(["order", "getOrderList", "--all", "--page_size", "20"], { env: envCreds(), shellTail: `> ${q(out)}` });
    assert.equal(r.code, 0, r.stdout);
    assert.equal(readFileSync(out, "utf8").trimEnd().split("\n").length, total);
    assert.match(r.stdout, new RegExp(`${total}/${total} items \\| ${Math.ceil(total / 20)} pages \\| [\\d.]+ items/s \\| ETA`));
    assert.match(r.stdout, /100%/);
  });

  test("--all on an operation that is not paginated is a usage error", async () => {
    const r = await run(["seller", "getActiveShops", "--all"], { env: envCreds() });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not paginated/);
  });
});

describe("auth and profiles", () => {
  let file;

  test("auth exchange saves a 0600 profile and prints no token", async () => {
    file = newProfileFile();
    const code = mintCode();
    const r = await run(["auth", "exchange", "--code", code], {
      env: { TIKTOK_SHOP_APP_KEY: APP_KEY, TIKTOK_SHOP_APP_SECRET: APP_SECRET, TIKTOK_SHOP_BASE_URL: sb.url, TIKTOK_SHOP_AUTH_BASE_URL: sb.url, TIKTOK_SHOP_PROFILE_FILE: file },
    });
    assert.equal(r.code, 0, r.stderr);
    const summary = JSON.parse(r.stdout);
    assert.equal(summary.profile, "default");
    assert.equal(summary.seller_name, sb.sandbox.shop.sellerName);
    assert.equal(summary.shop_cipher, shop1().cipher);
    assert.equal(summary.shops.length, 2);
    assert.ok(!("access_token" in summary) && !("refresh_token" in summary));
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(join(file, "..")).mode & 0o777, 0o700);
    const profile = readProfile(file);
    assert.equal(profile.app_key, APP_KEY);
    assert.equal(profile.app_secret, APP_SECRET);
    assert.equal(profile.shop_cipher, shop1().cipher);
    assert.equal(profile.base_url, sb.url);
    assert.ok(profile.access_token && profile.refresh_token && profile.access_token_expire_in > Date.now() / 1000);
  });

  test("a call with nothing but the profile", async () => {
    const r = await run(["order", "getOrderList", "--page_size", "2"], { env: { TIKTOK_SHOP_PROFILE_FILE: file } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).orders.length, 2);
    assert.equal(lastRequest("order.getOrderList").shopCipher, shop1().cipher);
  });

  test("flags beat the environment, which beats the profile", async () => {
    const cipher2 = sb.sandbox.shop.shops[1].cipher;
    // env cipher (shop 2) over the profile's (shop 1)
    const r = await run(["order", "getOrderList", "--page_size", "1"], { env: { TIKTOK_SHOP_PROFILE_FILE: file, TIKTOK_SHOP_SHOP_CIPHER: cipher2 } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastRequest("order.getOrderList").shopCipher, cipher2);
    // flag (shop 1) over env (shop 2), spelled --shop-cipher or --shop_cipher
    for (const flag of ["--shop-cipher", "--shop_cipher"]) {
      const f = await run(["order", "getOrderList", "--page_size", "1", flag, shop1().cipher], { env: { TIKTOK_SHOP_PROFILE_FILE: file, TIKTOK_SHOP_SHOP_CIPHER: cipher2 } });
      assert.equal(f.code, 0, f.stderr);
      assert.equal(lastRequest("order.getOrderList").shopCipher, shop1().cipher, flag);
    }
    // a wrong secret in the environment beats the profile's right one: invalid sign, exit 1
    secrets.add("not-the-app-secret-1234");
    const s = await run(["seller", "getActiveShops"], { env: { TIKTOK_SHOP_PROFILE_FILE: file, TIKTOK_SHOP_APP_SECRET: "not-the-app-secret-1234" } });
    assert.equal(s.code, 1);
    assert.match(s.stderr, /kind signature, code 106001, HTTP 401/);
    assert.match(s.stderr, /tiktok-shop sign/);
  });

  test("named profiles (--profile / TIKTOK_SHOP_PROFILE) and the default file under HOME", async () => {
    const code = mintCode();
    const r = await run(["auth", "exchange", "--code", code, "--profile", "shop-b", "--shop-cipher", sb.sandbox.shop.shops[1].cipher], {
      env: { TIKTOK_SHOP_APP_KEY: APP_KEY, TIKTOK_SHOP_APP_SECRET: APP_SECRET, TIKTOK_SHOP_BASE_URL: sb.url, TIKTOK_SHOP_AUTH_BASE_URL: sb.url },
    });
    assert.equal(r.code, 0, r.stderr);
    const defaultFile = join(home, ".config", "tiktok-shop", "profiles.json");
    assert.equal(JSON.parse(r.stdout).profile_file, defaultFile);
    assert.equal(readProfile(defaultFile, "shop-b").shop_cipher, sb.sandbox.shop.shops[1].cipher);
    const call = await run(["order", "getOrderList", "--page_size", "1"], { env: { TIKTOK_SHOP_PROFILE: "shop-b" } });
    assert.equal(call.code, 0, call.stderr);
    assert.equal(lastRequest("order.getOrderList").shopCipher, sb.sandbox.shop.shops[1].cipher);
    const missing = await run(["order", "getOrderList", "--page_size", "1"], { env: { TIKTOK_SHOP_PROFILE: "nope" } });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--app-key.*TIKTOK_SHOP_APP_KEY.*no profile "nope"/);
  });

  test("auth refresh rotates and saves the refresh token", async () => {
    const before = readProfile(file);
    const r = await run(["auth", "refresh"], { env: { TIKTOK_SHOP_PROFILE_FILE: file } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).refresh_token_rotated, true);
    const after = readProfile(file);
    assert.notEqual(after.refresh_token, before.refresh_token);
    assert.notEqual(after.access_token, before.access_token);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(sb.sandbox.requests.at(-1).path, "/api/v2/token/refresh");
    // the old refresh token is spent
    const again = await run(["auth", "refresh"], { env: { TIKTOK_SHOP_PROFILE_FILE: file, TIKTOK_SHOP_REFRESH_TOKEN: before.refresh_token } });
    assert.equal(again.code, 1);
    assert.match(again.stderr, /code 36004004/);
    assert.match(again.stderr, /request id: \S+/);
  });

  test("an expired access token is refreshed by itself and the rotated tokens are saved", async () => {
    const before = readProfile(file);
    sb.sandbox.expireAccessTokens();
    sb.sandbox.resetLog();
    const r = await run(["order", "getOrderList", "--page_size", "2"], { env: { TIKTOK_SHOP_PROFILE_FILE: file } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).orders.length, 2);
    assert.match(r.stderr, /access token refreshed; saved the new tokens to profile "default"/);
    assert.deepEqual(sb.sandbox.requests.map((x) => `${x.path} ${x.code}`), [
      "/order/202309/orders/search 105002",
      "/api/v2/token/refresh 0",
      "/order/202309/orders/search 0",
    ]);
    const after = readProfile(file);
    assert.notEqual(after.refresh_token, before.refresh_token);
    assert.notEqual(after.access_token, before.access_token);
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  test("the profile keeps the token's scopes: a call they do not cover is refused before anything is sent", async () => {
    const narrow = newProfileFile();
    const code = sb.sandbox.mintAuthCode({ scopes: ["seller.order.info", "seller.authorization.info"] });
    secrets.add(code);
    const env = { TIKTOK_SHOP_APP_KEY: APP_KEY, TIKTOK_SHOP_APP_SECRET: APP_SECRET, TIKTOK_SHOP_BASE_URL: sb.url, TIKTOK_SHOP_AUTH_BASE_URL: sb.url, TIKTOK_SHOP_PROFILE_FILE: narrow };
    assert.equal((await run(["auth", "exchange", "--code", code], { env })).code, 0);
    const saved = readProfile(narrow);
    secrets.add(saved.access_token);
    secrets.add(saved.refresh_token);
    assert.deepEqual(saved.granted_scopes, ["seller.authorization.info", "seller.order.info"]);
    sb.sandbox.resetLog();
    const refused = await run(["finance", "getStatements", "--sort_field", "statement_time"], { env: { TIKTOK_SHOP_PROFILE_FILE: narrow } });
    assert.equal(refused.code, 1, refused.stderr);
    assert.match(refused.stderr, /scope/);
    assert.match(refused.stderr, /needs the scope seller\.finance\.info/);
    assert.deepEqual(sb.sandbox.requests, [], "nothing was sent");
    const sent = await run(["order", "getOrderList", "--page_size", "1"], { env: { TIKTOK_SHOP_PROFILE_FILE: narrow } });
    assert.equal(sent.code, 0, sent.stderr);
    assert.equal(sb.sandbox.requests.length, 1);
  });

  test("a token set that names no scopes removes the saved ones: a new token never keeps an old grant", async () => {
    const { tokenFields } = await import(join(root, "pkg-cli", "call.js"));
    const { saveProfile } = await import(join(root, "pkg-cli", "profile.js"));
    const profiles = newProfileFile();
    saveProfile(profiles, "p", tokenFields({ access_token: "profile-test-token-one", access_token_expire_in: 1, granted_scopes: ["seller.order.info"] }));
    assert.deepEqual(readProfile(profiles, "p").granted_scopes, ["seller.order.info"]);
    saveProfile(profiles, "p", tokenFields({ access_token: "profile-test-token-two", access_token_expire_in: 2 }));
    const saved = readProfile(profiles, "p");
    assert.equal(saved.access_token, "profile-test-token-two");
    assert.ok(!("granted_scopes" in saved), "the old grant is gone");
  });

  test("a saved token past its expiry is refreshed before the call", async () => {
    const data = JSON.parse(readFileSync(file, "utf8"));
    data.profiles.default.access_token_expire_in = Math.floor(Date.now() / 1000) - 10;
    writeFileSync(file, JSON.stringify(data));
    chmodSync(file, 0o600);
    sb.sandbox.resetLog();
    const r = await run(["seller", "getActiveShops"], { env: { TIKTOK_SHOP_PROFILE_FILE: file } });
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(sb.sandbox.requests.map((x) => `${x.path} ${x.code}`), ["/api/v2/token/refresh 0", "/seller/202309/shops 0"]);
    assert.ok(readProfile(file).access_token_expire_in > Date.now() / 1000);
  });

  test("auth status tells where each credential comes from, without secrets", async () => {
    const r = await run(["auth", "status"], { env: { TIKTOK_SHOP_PROFILE_FILE: file, TIKTOK_SHOP_APP_KEY: APP_KEY } });
    assert.equal(r.code, 0, r.stderr);
    const status = JSON.parse(r.stdout);
    assert.equal(status.credentials.app_key, `${APP_KEY} (env)`);
    assert.equal(status.credentials.app_secret, "set (profile)");
    assert.equal(status.credentials.access_token, "set (profile)");
  });

  test("auth url prints the seller authorization URL", async () => {
    const r = await run(["auth", "url", "--service-id", "7012345", "--state", "abc"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "https://services.tiktokshop.com/open/authorize?service_id=7012345&state=abc\n");
    const us = await run(["auth", "url", "--region", "us", "--state", "s 1"], { env: { TIKTOK_SHOP_SERVICE_ID: "7099" } });
    assert.equal(us.stdout, "https://services.tiktokshops.us/open/authorize?service_id=7099&state=s+1\n");
    const random = await run(["auth", "url", "--service-id", "1"]);
    assert.match(random.stdout, /state=[0-9a-f]{32}\n$/);
    const missing = await run(["auth", "url"]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /--service-id.*TIKTOK_SHOP_SERVICE_ID/);
  });

  test("a spent auth code is an API error (exit 1) that names no secret", async () => {
    const code = mintCode();
    const env = { TIKTOK_SHOP_APP_KEY: APP_KEY, TIKTOK_SHOP_APP_SECRET: APP_SECRET, TIKTOK_SHOP_AUTH_BASE_URL: sb.url, TIKTOK_SHOP_BASE_URL: sb.url, TIKTOK_SHOP_PROFILE_FILE: newProfileFile() };
    assert.equal((await run(["auth", "exchange", "--code", code], { env })).code, 0);
    const r = await run(["auth", "exchange", "--code", code], { env });
    assert.equal(r.code, 1);
    assert.match(r.stderr, /kind auth, code 36004004/);
    assert.match(r.stderr, /request id: \S+/);
  });
});

describe("sign", () => {
  test("prints the string to sign (secret masked) and the signature of every vector", async () => {
    for (const v of vectors) {
      const body = v.content_type === "multipart/form-data" ? [] : v.body ? ["--body", v.body] : [];
      const r = await run(["sign", "--path", v.path, "--query", JSON.stringify(v.query), ...body], { env: { TIKTOK_SHOP_APP_SECRET: v.app_secret } });
      assert.equal(r.code, 0, `${v.id}: ${r.stderr}`);
      const masked = `{app_secret}${v.string_to_sign.slice(v.app_secret.length, -v.app_secret.length)}{app_secret}`;
      assert.equal(r.stdout, `string to sign: ${masked}\nsign:           ${v.expected_sign}\n`, v.id);
      // "app_secret" is the placeholder's own word (vector E1): every other secret must stay unseen
      if (v.app_secret !== "app_secret") secrets.add(v.app_secret);
    }
  });

  test("--query as k=v&k2=v2, --url, and a check of the query's sign", async () => {
    const v = vectors.find((x) => x.id === "DOC1");
    const env = { TIKTOK_SHOP_APP_SECRET: v.app_secret };
    const r = await run(["sign", "--path", v.path, "--query", "app_key=29a39d&timestamp=1623812664"], { env });
    assert.match(r.stdout, new RegExp(`sign:\\s+${v.expected_sign}\\n`));
    const url = await run(["sign", "--url", `https://open-api.tiktokglobalshop.com${v.path}?app_key=29a39d&timestamp=1623812664&sign=${v.expected_sign}`], { env });
    assert.match(url.stdout, /the query's sign matches/);
    assert.equal(url.code, 0);
    const upper = await run(["sign", "--url", `https://h${v.path}?app_key=29a39d&timestamp=1623812664&sign=${v.expected_sign.toUpperCase()}`], { env });
    assert.match(upper.stdout, /the query's sign differs/);
    assert.equal(upper.code, 1, "a sign that does not match is a failed check");
    const query = await run(["sign", "--path", v.path, "--query", `app_key=29a39d&timestamp=1623812665&sign=${v.expected_sign}`], { env });
    assert.match(query.stdout, /the query's sign differs/);
    assert.equal(query.code, 1);
  });

  test("without a secret: exit 2 naming the flag and the variable", async () => {
    const r = await run(["sign", "--path", "/x", "--query", "a=1"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /missing the app secret: pass --app-secret or set TIKTOK_SHOP_APP_SECRET/);
  });
});

describe("sandbox command", () => {
  test("starts a sandbox and prints a usable auth code and export block", async () => {
    const secret = "cli-sandbox-secret-93ab";
    const child = spawn(process.execPath, [cli, "sandbox", "--port", "0", "--seed", "7", "--app-key", "cli-sb-key", "--app-secret", secret], {
      cwd: root,
      env: baseEnv(),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d) => (stderr += d));
    const exited = new Promise((resolve) => child.on("close", (code, signal) => resolve({ code, signal })));
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no banner: ${stdout} ${stderr}`)), 15_000);
        child.stdout.setEncoding("utf8").on("data", (d) => {
          stdout += d;
          if (stdout.includes("Ctrl-C")) clearTimeout(timer), resolve();
        });
        child.on("close", () => reject(new Error(`exited: ${stderr}`)));
      });
      const url = /listening on (http:\/\/\S+)/.exec(stdout)[1];
      assert.match(stdout, new RegExp(`app secret: ${secret}`));
      const exports = Object.fromEntries([...stdout.matchAll(/^export (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
      assert.deepEqual(Object.keys(exports).sort(), [
        "TIKTOK_SHOP_APP_KEY", "TIKTOK_SHOP_APP_SECRET", "TIKTOK_SHOP_AUTH_BASE_URL", "TIKTOK_SHOP_AUTH_CODE", "TIKTOK_SHOP_BASE_URL", "TIKTOK_SHOP_PROFILE",
        "TIKTOK_SHOP_SERVICE_ID",
      ]);
      // The service id the sandbox's authorization page accepts, printed and exported.
      assert.match(stdout, /^service id: sandbox-service-id\b/m);
      assert.equal(exports.TIKTOK_SHOP_SERVICE_ID, "sandbox-service-id");
      const callback = "http://127.0.0.1:9/callback";
      const page = await fetch(`${url}/open/authorize?service_id=${exports.TIKTOK_SHOP_SERVICE_ID}&state=s1&redirect_uri=${encodeURIComponent(callback)}`, { redirect: "manual" });
      assert.equal(page.status, 302, "the sandbox accepts the printed service id");
      assert.match(page.headers.get("location"), /^http:\/\/127\.0\.0\.1:9\/callback\?code=[^&]+&state=s1$/);
      assert.equal(exports.TIKTOK_SHOP_BASE_URL, url);
      assert.equal(exports.TIKTOK_SHOP_APP_SECRET, secret);
      // from here on its secret and code are secrets like any other
      secrets.add(secret);
      secrets.add(exports.TIKTOK_SHOP_AUTH_CODE);
      const env = { ...exports, TIKTOK_SHOP_PROFILE_FILE: newProfileFile() };
      const ex = await run(["auth", "exchange"], { env });
      assert.equal(ex.code, 0, ex.stderr);
      assert.equal(JSON.parse(ex.stdout).profile, "sandbox");
      readProfile(env.TIKTOK_SHOP_PROFILE_FILE, "sandbox");
      const call = await run(["order", "getOrderList", "--page_size", "1"], { env: { TIKTOK_SHOP_PROFILE_FILE: env.TIKTOK_SHOP_PROFILE_FILE, TIKTOK_SHOP_PROFILE: "sandbox" } });
      assert.equal(call.code, 0, call.stderr);
      assert.equal(JSON.parse(call.stdout).orders.length, 1);
    } finally {
      child.kill("SIGINT");
    }
    const end = await exited;
    assert.equal(end.code, 0, `${end.signal} ${stderr}`);
    outputs.push({ args: ["sandbox"], stdout: "", stderr });
  });
});

describe("exit codes", () => {
  test("0 on success", async () => {
    assert.equal((await run(["seller", "getActiveShops"], { env: envCreds() })).code, 0);
  });

  test("1 on an API error, with code, message and request id on stderr", async () => {
    const r = await run(["order", "getOrderDetail", "--ids", "1234"], { env: envCreds() });
    assert.equal(r.code, 1);
    assert.equal(r.stdout, "");
    assert.match(r.stderr, /order\.getOrderDetail: order not found/);
    assert.match(r.stderr, /kind invalid_request, code 21011001, HTTP 200/);
    assert.match(r.stderr, /request id: \S+/);
    const cipher = await run(["order", "getOrderList", "--page_size", "1", "--shop-cipher", "ROW_not_a_shop"], { env: envCreds() });
    assert.equal(cipher.code, 1);
    assert.match(cipher.stderr, /code 101000/);
    // nothing listening: a network error, tried once with --retries 0
    const closed = await run(["seller", "getActiveShops", "--retries", "0", "--base-url", "http://127.0.0.1:9"], { env: envCreds() });
    assert.equal(closed.code, 1);
    assert.match(closed.stderr, /kind network/);
    assert.doesNotMatch(closed.stderr, /after \d+ attempts/);
  });

  test("2 on usage errors: unknown command, operation or flag, bad value, missing credentials", async () => {
    const cases = [
      [["ordr", "getOrderList"], {}, /unknown command or group "ordr"; did you mean order\?/],
      [["order", "getOrderLst"], {}, /unknown operation "getOrderLst" in group order; did you mean getOrderList\?/],
      [["order", "getPackageDetail"], {}, /it is in `fulfillment getPackageDetail`/],
      [["order", "getOrderList", "--page_sise", "2"], envCreds(), /unknown flag --page_sise for order getOrderList; did you mean --page_size\?/],
      [["order", "getOrderList", "--page_size", "two"], envCreds(), /--page_size must be an integer, got "two"/],
      [["order", "getOrderList", "--is_buyer_request_cancel", "maybe", "--page_size", "1"], envCreds(), /--is_buyer_request_cancel must be true or false/],
      [["order", "getOrderList", "--page_size", "1", "--json", "{oops"], envCreds(), /--json is not valid JSON/],
      [["order", "getOrderList"], envCreds(), /requires `page_size`/],
      [["order", "getOrderList", "--page_size", "1", "--format", "csv"], envCreds(), /--format goes with --all/],
      [["order", "getOrderList", "--page_size", "1", "--timeout-ms", "soon"], envCreds(), /--timeout-ms must be an integer >= 1, got "soon"/],
      [["order", "getOrderList", "--page_size", "1"], { TIKTOK_SHOP_APP_KEY: APP_KEY }, /missing the app secret: pass --app-secret, set TIKTOK_SHOP_APP_SECRET, or run `tiktok-shop auth exchange`/],
      [["order", "getOrderList", "--page_size", "1"], { TIKTOK_SHOP_APP_KEY: APP_KEY, TIKTOK_SHOP_APP_SECRET: APP_SECRET }, /missing an access token: pass --access-token, set TIKTOK_SHOP_ACCESS_TOKEN, set TIKTOK_SHOP_REFRESH_TOKEN, or run `tiktok-shop auth exchange --code CODE`/],
      [["token", "getAccessToken", "--auth_code", "x"], envCreds(), /tiktok-shop auth exchange/],
      [["auth", "nope"], {}, /unknown auth command "nope"/],
      [["sign", "--path", "/x", "--bogus", "1"], {}, /unknown flag --bogus for sign/],
      [["list", "--all"], {}, /unknown flag --all for list/],
    ];
    for (const [args, env, pattern] of cases) {
      const r = await run(args, { env });
      assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stderr, pattern, args.join(" "));
      assert.equal(r.stdout, "", args.join(" "));
    }
  });
});

test("no output of the CLI contains a secret (app secret, tokens, auth codes)", () => {
  assert.ok(outputs.length > 40, `${outputs.length} outputs`);
  assert.ok(secrets.size > 10, `${secrets.size} secrets`);
  for (const { args, stdout, stderr } of outputs) {
    const command = args.slice(0, 2).join(" "); // the arguments may hold a secret themselves
    for (const secret of secrets) {
      assert.ok(!stdout.includes(secret), `stdout of \`${command}\` shows a secret`);
      assert.ok(!stderr.includes(secret), `stderr of \`${command}\` shows a secret`);
    }
  }
});

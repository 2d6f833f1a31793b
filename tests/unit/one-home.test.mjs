// Each rule of the README's "Where each rule lives" has one home: this test reads the
// source (the core, the client, its runtimes and the Cloudflare module, the CLI and its MCP
// server; not comments, tests or generated tables) and fails when a rule's constants or
// logic show up anywhere but in the file the table names. The generated operations table
// and the sandbox (its own product) are left out.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function sources(dir, ext) {
  const out = [];
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true, recursive: true })) {
    const path = join(entry.parentPath ?? entry.path, entry.name);
    if (!entry.isFile() || !path.endsWith(ext) || /[\\/]generated[\\/]/.test(path)) continue;
    out.push(relative(root, path));
  }
  return out;
}

const FILES = [
  ...sources("src", ".rs"),
  ...sources("pkg-template/lib", ".js"),
  ...sources("pkg-template/cloudflare", ".js"),
  ...sources("pkg-template/runtime", ".js"),
  ...sources("cli", ".js"),
].filter((f) => !f.includes("sandbox"));

/** The file's code: comment lines and trailing line comments dropped, and Rust test modules. */
function code(file) {
  let text = readFileSync(join(root, file), "utf8");
  if (file.endsWith(".rs")) text = text.split(/\n#\[cfg\(test\)\]\n/)[0];
  return text
    .split("\n")
    .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
    .map((line) => line.replace(/\s\/\/\s.*$/, ""))
    .join("\n");
}
const CODE = new Map(FILES.map((f) => [f, code(f)]));

/** The files whose code matches `pattern`. */
const where = (pattern) => FILES.filter((f) => pattern.test(CODE.get(f)));

const RULES = [
  ["the default hosts", /open-api\.tiktokglobalshop\.com|auth\.tiktok-shops\.com/, ["src/config.rs"]],
  // The MCP tools' 120 s is the bound of a whole tool call (every page and retry), not an attempt's.
  ["the timeout classes (30 s, uploads 120 s)", /\b(30_?000|120_?000)\b/, ["src/plan.rs"], { "cli/mcp/tools.js": /callTimeoutMs: 120_000/ }],
  ["the version a call uses (newest unless asked)", /versions\[0\]|fn version\(|fn latest\(/, ["src/plan.rs"]],
  // The old rule, twice: `opts.shopCipher ?? shopCipher ?? this.#o.shopCipher` in JS, `.or(config.shop_cipher)` in Rust.
  ["the shop a call goes to (params, option, client)", /fn shop\(|shop_?[cC]ipher\s*\?\?\s*[\w.#]*shop_?[cC]ipher|\.or\(config\.shop_cipher/, ["src/plan.rs"]],
  ["the API a rate limit counts (METHOD /path)", /"api":"\{\} \{\}"|`\$\{\w+\.method\} \$\{\w+\.path\}`/, ["src/plan.rs"]],
  ["TikTok's rate (50 a second, 10 at once)", /requestsPerSecond:\s*50\b|burst:\s*10\b/, ["pkg-template/lib/rate-limit.js"]],
  ["GCRA arithmetic", /tolerance/, ["pkg-template/lib/rate-limit.js"]],
  ["the refresh skew", /SKEW_SECONDS\s*=/, ["pkg-template/lib/token-set.js"]],
  ["an expiry read as a duration", /<\s*1e9/, ["pkg-template/lib/token-set.js"]],
  ["when a token is due", /\/\s*1000\s*<=/, ["pkg-template/lib/token-set.js"]],
  ["a complete token set", /typeof\s+[\w?.\[\]"]*(?:access_token|refresh_token)[\w?.\]"]*\s*!==\s*"string"|function (?:checkTokenSet|tokenSet|tokensArgument)\b/, ["pkg-template/lib/token-set.js"]],
  ["single-flight refresh", /#running\s*=|#refreshing\b/, ["pkg-template/lib/refresh-flight.js"]],
  ["a refusal that no refresh cures", /kind === "auth" \|\| [\w.]*kind === "reauthorize"/, ["pkg-template/lib/refresh-flight.js"]],
  ["the characters of a token", /\\x21-\\x7e/, ["pkg-template/lib/checks.js"]],
  ["where a page's items are", /\.split\("\."\)/, ["pkg-template/lib/paginate.js"]],
  ["the methods of a raw request", /"GET",\s*"POST",\s*"PUT",\s*"DELETE"|"GET" => Ok\(Method::Get\)/, ["src/plan.rs"]],
  ["the success test", /fn is_success\b/, ["src/reply.rs"]],
  ["signing", /fn feed\b|HmacSha256::new_from_slice/, ["src/sign.rs"]],
  ["percent-encoding", /b'-' \| b'_' \| b'\.' \| b'~'/, ["src/request/encode.rs"]],
  ["retry backoff", /BASE_DELAY_MS\s*=|MAX_DELAY_MS\s*=/, ["pkg-template/lib/retry.js"]],
  ["\"did you mean\"", /function distance\(/, ["pkg-template/lib/suggest.js"]],
  ["whether a token holds an operation's scope", /scopes\.(?:iter\(\)\.any|some\(|includes\()/, ["src/scopes.rs"]],
];

for (const [rule, pattern, home, unrelated = {}] of RULES) {
  test(`one home: ${rule}`, () => {
    // A match that is another rule's number, named with the line that holds it.
    const others = where(pattern).filter((f) => !home.includes(f) && !(unrelated[f] && !new RegExp(pattern.source, "g").test(CODE.get(f).replace(new RegExp(unrelated[f].source, "g"), ""))));
    assert.deepEqual([...home.filter((f) => where(pattern).includes(f)), ...others], home, `${rule}: ${pattern}`);
  });
}

test("one home: a client of one shop in the Cloudflare module", () => {
  const made = FILES.filter((f) => f.startsWith("pkg-template/cloudflare/") && /new TikTokShop\(/.test(CODE.get(f)));
  assert.deepEqual(made, ["pkg-template/cloudflare/remote.js"]);
  assert.equal((CODE.get("pkg-template/cloudflare/remote.js").match(/shopCipher: cipher/g) ?? []).length, 1, "clientOfShop makes them all");
});

test("the scan reads what it should: every source file, comments out", () => {
  assert.ok(FILES.includes("src/plan.rs") && FILES.includes("pkg-template/lib/client.js") && FILES.includes("cli/mcp/tools.js"));
  assert.ok(!FILES.some((f) => f.includes("generated")));
  assert.ok(!/^\s*\/\//m.test(CODE.get("pkg-template/lib/client.js")));
});

// Readers for the downloaded sources the vendoring scripts convert (run by hand, never by
// the build): a git repository at a pinned commit, and the `tiktok-shop-api` crate.
//
// A repository is read through git itself (bare mirror or clone alike), so what is read
// is exactly the pinned commit and its tree hash is the checksum recorded with the data.

import { execFileSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The two public scrapes of TikTok's Partner Center docs, pinned to the commits the vendored
 * files were made from (newest first). The pages are TikTok's; only names and structure are kept.
 */
export const SCRAPES = [
  { id: "tiktok-docs-mcp", arg: "docs-mcp", repository: "github.com/rioanandaputra-bot/tiktok-docs-mcp", commit: "a4950597b55931ed8dd91cd1367d56744ed633c2", licence: "MIT (the repository); the pages are TikTok's" },
  { id: "ecommerce-api-docs", arg: "ecommerce-api-docs", repository: "github.com/lazykern/ecommerce-api-docs", commit: "eba059e3e9e6ef5605117593b3c79866ed7c814e", licence: "none stated; the pages are TikTok's" },
];

/** Reads one folder of each scrape: `[{ scrape, tree, date, files }]`, `folders` keyed by scrape id. */
export function readScrapes(args, folders) {
  return SCRAPES.map((scrape) => ({ scrape, path: folders[scrape.id], ...readGitTree(args[scrape.arg], scrape.commit, folders[scrape.id]) }));
}

/** `--name value` pairs of argv; a missing required one is an error naming it. */
export function parseArgs(argv, names) {
  const out = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i]?.replace(/^--/, "");
    if (!names.includes(name) || argv[i + 1] === undefined) throw new Error(`usage: ${names.map((n) => `--${n} <value>`).join(" ")}`);
    out[name] = argv[i + 1];
  }
  for (const n of names) if (out[n] === undefined) throw new Error(`missing --${n} (usage: ${names.map((x) => `--${x} <value>`).join(" ")})`);
  return out;
}

const git = (dir, args, input) =>
  execFileSync("git", ["-C", dir, ...args], { input, maxBuffer: 1 << 30, stdio: ["pipe", "pipe", "pipe"] });

/**
 * The files under `prefix` of `repo` at `commit`: `{ tree, date, files: Map(path -> text) }`,
 * read in one `git cat-file --batch`. `tree` is git's hash of the `prefix` directory, `date`
 * the commit's date (YYYY-MM-DD).
 */
export function readGitTree(repo, commit, prefix) {
  try {
    git(repo, ["cat-file", "-e", `${commit}^{commit}`]);
  } catch {
    throw new Error(`${repo}: commit ${commit} is not there (fetch it, or clone the repository)`);
  }
  const tree = git(repo, ["rev-parse", `${commit}:${prefix}`]).toString().trim();
  const date = git(repo, ["show", "-s", "--format=%cs", commit]).toString().trim();
  const names = git(repo, ["ls-tree", "-r", "-z", "--name-only", commit, "--", prefix]).toString().split("\0").filter(Boolean);
  const out = git(repo, ["cat-file", "--batch"], names.map((n) => `${commit}:${n}\n`).join(""));
  const files = new Map();
  let at = 0;
  for (const name of names) {
    const eol = out.indexOf(10, at);
    const [, type, size] = out.subarray(at, eol).toString().split(" ");
    if (type !== "blob") throw new Error(`${repo}: ${name} is a ${type}`);
    files.set(name, out.subarray(eol + 1, eol + 1 + Number(size)).toString("utf8"));
    at = eol + 1 + Number(size) + 1;
  }
  return { tree, date, files };
}

export const sha256File = (file) => crypto.createHash("sha256").update(fs.readFileSync(file)).digest("hex");

/**
 * The `tiktok-shop-api` crate (a .crate is a gzipped tar): `{ sha256, version, read(path) }`,
 * `read` taking a path inside the package (`src/generated/meta.rs`), `list(dir)` its files.
 */
export function readCrate(file) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crate-"));
  try {
    execFileSync("tar", ["-xzf", file, "-C", dir]);
    const [top] = fs.readdirSync(dir);
    const version = /^tiktok-shop-api-(\d+\.\d+\.\d+)$/.exec(top)?.[1];
    if (!version) throw new Error(`${file}: not a tiktok-shop-api crate (top directory ${top})`);
    const base = path.join(dir, top);
    const contents = new Map();
    const walk = (rel) => {
      for (const e of fs.readdirSync(path.join(base, rel), { withFileTypes: true })) {
        const r = rel ? `${rel}/${e.name}` : e.name;
        if (e.isDirectory()) walk(r);
        else if (r.startsWith("src/")) contents.set(r, fs.readFileSync(path.join(base, r), "utf8"));
      }
    };
    walk("");
    const read = (p) => {
      if (!contents.has(p)) throw new Error(`${file}: no ${p}`);
      return contents.get(p);
    };
    const list = (d) => [...contents.keys()].filter((p) => p.startsWith(`${d}/`));
    return { sha256: sha256File(file), version, read, list };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The catalog's operation list (`OPERATIONS` of src/generated/meta.rs): `[{ id, method, path }]`. */
export function catalogOperations(crate) {
  const meta = crate.read("src/generated/meta.rs");
  const re = /OperationMeta \{ operation_id: "(\w+)", tag: "[^"]*", group: "\w+", method: "\w+", http_method: "(\w+)", path: "([^"]+)", requires_shop_cipher: (?:true|false) \}/g;
  const ops = [...meta.matchAll(re)].map((m) => ({ id: m[1], method: m[2], path: m[3] }));
  const declared = (meta.match(/OperationMeta \{ operation_id:/g) ?? []).length;
  if (!ops.length || ops.length !== declared) throw new Error(`meta.rs: read ${ops.length} of ${declared} operations`);
  return ops;
}

/** Writes JSON the way every vendored file is written: two-space indent, final newline. */
export function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

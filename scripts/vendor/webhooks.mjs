#!/usr/bin/env node
// Converter, run by hand: every webhook type TikTok documents -> spec/webhooks/webhooks.json
// (code, name, account kind, envelope fields, the `data` schema).
//
//   node scripts/vendor/webhooks.mjs --docs-mcp <git dir of rioanandaputra-bot/tiktok-docs-mcp> \
//     --ecommerce-api-docs <git dir of lazykern/ecommerce-api-docs> --crate <tiktok-shop-api-0.1.0.crate>
//
// Types and schemas come from the crate's generated webhook models (their fields, types and
// required flags follow the docs' parameter tables); the scraped webhook pages give the
// titles, the types the crate lacks, and a cross-check printed as it runs. Names: TikTok's
// own event name where its Update Shop Webhook operation (spec/oas) links one to the type's
// page, else the page title in SCREAMING_SNAKE. Only names and structure are kept, no prose.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { cmp } from "../codegen/naming.mjs";
import { parseArgs, readCrate, readScrapes, SCRAPES, writeJson } from "./sources.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = path.join(ROOT, "spec", "webhooks", "webhooks.json");
const FOLDERS = { "tiktok-docs-mcp": "docs/partner_tiktokshop_com/Webhooks", "ecommerce-api-docs": "data/raw/tiktok/webhooks" };
const ACCOUNT_FIELDS = { shop_id: "shop", seller_open_id: "seller", creator_open_id: "creator" };

/** `Size chart change` -> `SIZE_CHART_CHANGE`. */
const screaming = (title) => title.split(/[^A-Za-z0-9]+/).filter(Boolean).map((w) => w.toUpperCase()).join("_");
/** `SKUStatusChangeWebhook` -> `SKU status change`: the crate's model name back to a title. */
function titleOfModel(name) {
  const words = name.replace(/Webhook$/, "").match(/[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[0-9]+/g);
  return words.map((w, i) => (w.length > 1 && w === w.toUpperCase() ? w : i ? w.toLowerCase() : w)).join(" ");
}

// --- the crate's models --------------------------------------------------------------

/** Every `pub struct` and `pub enum` of src/generated/models: Map(name -> { fields | variants }). */
function readModels(crate) {
  const items = new Map();
  for (const file of crate.list("src/generated/models")) {
    const text = crate.read(file);
    for (const [, name, body] of text.matchAll(/^pub struct (\w+) \{\n([\s\S]*?)^\}/gm)) {
      const fields = [];
      let rename = null;
      for (const line of body.split("\n").map((l) => l.trim())) {
        const r = /^#\[serde\(rename = "([^"]+)"/.exec(line);
        if (r) rename = r[1];
        const f = /^pub (r#)?\w+: (.+),$/.exec(line);
        if (f) {
          if (!rename) throw new Error(`${file} ${name}: field without serde rename: ${line}`);
          fields.push({ name: rename, type: f[2] });
          rename = null;
        }
      }
      items.set(name, { file, fields });
    }
    for (const [, name, body] of text.matchAll(/^pub enum (\w+) \{\n([\s\S]*?)^\}/gm)) {
      items.set(`${file}#${name}`, { variants: [...body.matchAll(/Variant(\d+) = (\d+)/g)].map((m) => Number(m[2])) });
    }
  }
  return items;
}

/** A Rust field type of the models -> the schema of its value (OpenAPI 3.0 subset). */
function schemaOf(type, models, where) {
  let m;
  if ((m = /^Option<(.+)>$/.exec(type))) {
    const inner = /^Option<(.+)>$/.exec(m[1]);
    return inner ? { ...schemaOf(inner[1], models, where), nullable: true } : schemaOf(m[1], models, where);
  }
  if ((m = /^Box<(.+)>$/.exec(type))) return schemaOf(m[1], models, where);
  if ((m = /^Vec<(.+)>$/.exec(type))) return { type: "array", items: schemaOf(m[1], models, where) };
  if ((m = /^models::(\w+)$/.exec(type))) return objectOf(m[1], models);
  if (type === "String") return { type: "string" };
  if (/^[iu](8|16|32|64)$/.test(type)) return { type: "integer" };
  if (/^f(32|64)$/.test(type)) return { type: "number" };
  if (type === "bool") return { type: "boolean" };
  if (type === "serde_json::Value") return {};
  if (/^chrono::DateTime<.+>$/.test(type)) return { type: "string", format: "date-time" };
  throw new Error(`${where}: no schema for Rust type ${type}`);
}

function objectOf(name, models) {
  const model = models.get(name) ?? (() => { throw new Error(`no model ${name}`); })();
  const properties = {};
  const required = [];
  for (const f of model.fields) {
    properties[f.name] = schemaOf(f.type, models, `${name}.${f.name}`);
    if (!f.type.startsWith("Option<")) required.push(f.name);
  }
  return { type: "object", properties, ...(required.length ? { required } : {}) };
}

/** The crate's webhook types: Map(code -> { model, title, envelope, account, data }). */
function crateTypes(crate) {
  const meta = crate.read("src/generated/meta.rs");
  const listed = [...meta.matchAll(/WebhookMeta \{\s*webhook_type: (\d+),\s*schema: "(\w+)",\s*event_type: (?:None|Some\("(\w+)"\)),?\s*\}/g)];
  if (listed.length !== (meta.match(/WebhookMeta \{/g) ?? []).length - 1) throw new Error("meta.rs: could not read every WebhookMeta"); // minus the struct
  const models = readModels(crate);
  const byLower = new Map([...models.keys()].map((k) => [k.toLowerCase(), k]));
  const out = new Map();
  for (const [, code, schema, eventType] of listed) {
    const name = byLower.get(schema.toLowerCase()) ?? (() => { throw new Error(`no model for ${schema}`); })();
    const { file, fields } = models.get(name);
    const variants = models.get(`${file}#Type`)?.variants;
    if (variants?.length !== 1 || variants[0] !== Number(code)) throw new Error(`${file}: type ${variants} for webhook ${code}`);
    const accounts = fields.map((f) => ACCOUNT_FIELDS[f.name]).filter(Boolean);
    if (accounts.length !== 1) throw new Error(`${file}: account fields ${accounts}`);
    const data = fields.find((f) => f.name === "data") ?? (() => { throw new Error(`${file}: no data`); })();
    out.set(Number(code), {
      model: schema, eventType: eventType ?? null, title: titleOfModel(schema), account: accounts[0],
      envelope: fields.map((f) => f.name), data: schemaOf(data.type, models, `${name}.data`),
    });
  }
  return out;
}

// --- the scraped pages -----------------------------------------------------------------

/** A JSON example as the pages print it: missing commas, trailing commas, extra braces. */
function lenientJson(text) {
  let s = text.replace(/("|\d|true|false|null|\}|\])(\s*\n\s*)(")/g, "$1,$2$3").replace(/,(\s*[}\]])/g, "$1");
  let depth = 0;
  let inString = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{" || c === "[") depth++;
    else if ((c === "}" || c === "]") && --depth === 0) {
      s = s.slice(0, i + 1);
      break;
    }
  }
  try {
    return JSON.parse(s);
  } catch {
    return null;
  }
}

/** Structure of an example value, for a type only the pages describe. */
function schemaOfExample(value) {
  if (Array.isArray(value)) return { type: "array", items: value.length ? schemaOfExample(value[0]) : {} };
  if (value === null) return {};
  if (typeof value === "object") return { type: "object", properties: Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaOfExample(v)])) };
  if (typeof value === "number") return { type: Number.isInteger(value) ? "integer" : "number" };
  return { type: typeof value };
}

/** The webhook pages of both scrapes: Map(code -> { title, documentIds, pages: [{ scrape, account, example }] }). */
function readPages(args) {
  const pages = new Map();
  const sources = [];
  for (const { scrape, path: folder, tree, date, files } of readScrapes(args, FOLDERS)) {
    let read = 0;
    for (const [file, text] of files) {
      const json = JSON.parse(text);
      const doc = json.detail ?? json;
      const m = /^\((\d+)\)\s*(.+)$/.exec((doc.title ?? json.meta?.name ?? "").trim());
      if (!m) continue; // the folders' overview pages
      read++;
      const code = Number(m[1]);
      const content = String(doc.content ?? "");
      // The account, from the envelope rows of the parameter table, else the example.
      const rows = [...content.matchAll(/^\|\s*(shop_id|seller_open_id|creator_open_id)\b/gm)].map((r) => ACCOUNT_FIELDS[r[1]]);
      const example = [...content.matchAll(/```[A-Za-z]*\s*\n([\s\S]*?)```/g)].map((b) => lenientJson(b[1])).find((x) => x && typeof x === "object");
      const fromExample = example && Object.keys(example).map((k) => ACCOUNT_FIELDS[k]).find(Boolean);
      const entry = pages.get(code) ?? { title: m[2].trim(), documentIds: new Set(), pages: [] };
      entry.documentIds.add(doc.document_id ?? json.meta?.document_id);
      entry.pages.push({ scrape: scrape.id, account: rows[0] ?? fromExample ?? null, accountInExample: fromExample ?? null, example: example ?? null });
      pages.set(code, entry);
    }
    sources.push({ id: scrape.id, repository: scrape.repository, commit: scrape.commit, committed: date, path: folder, tree, pages: read, licence: scrape.licence });
  }
  return { pages, sources };
}

/**
 * TikTok's own event names: the `event_type` values of Update Shop Webhook in spec/oas,
 * each linked to a webhook page by document id. Map(name -> document id).
 */
function tiktokEventNames() {
  const event = JSON.parse(fs.readFileSync(path.join(ROOT, "spec", "oas", "paths", "event.json"), "utf8"));
  const text = event.paths["/event/202309/webhooks"].put.requestBody.content["application/json"].schema.properties.event_type.description;
  return new Map([...text.matchAll(/`([A-Z][A-Z_]+)`[^\n]*\]\(([^)\s]+)\)/g)].map((m) => [m[1], m[2].split("/").pop()]));
}

// --- the table ----------------------------------------------------------------------------

function main(argv) {
  const args = parseArgs(argv, SCRAPES.map((s) => s.arg).concat("crate"));
  const crate = readCrate(args.crate);
  const fromCrate = crateTypes(crate);
  const { pages, sources } = readPages(args);
  const events = tiktokEventNames();
  // A name, once given, is kept (the table the core and the sandbox read names types for good).
  const given = fs.existsSync(OUT) ? new Map(JSON.parse(fs.readFileSync(OUT, "utf8")).types.map((t) => [t.code, t.name])) : new Map();
  const notes = [];
  let compared = 0;

  const codes = [...new Set([...fromCrate.keys(), ...pages.keys()])].sort((a, b) => a - b);
  const types = codes.map((code) => {
    const c = fromCrate.get(code);
    const p = pages.get(code);
    const linked = [...events].filter(([, id]) => p?.documentIds.has(id)).map(([name]) => name);
    if (linked.length > 1) throw new Error(`type ${code}: event names ${linked}`);
    if (c?.eventType && linked[0] && c.eventType !== linked[0]) throw new Error(`type ${code}: ${c.eventType} (crate) / ${linked[0]} (spec/oas)`);
    const title = p?.title ?? c.title;
    const derived = linked[0] ?? c?.eventType ?? screaming(title);
    const name = given.get(code) ?? derived;
    if (name !== derived) notes.push(`type ${code}: keeps the name ${name} (the sources now give ${derived})`);
    if (c?.eventType && !linked[0]) notes.push(`type ${code}: ${name} from the crate; spec/oas links it to page ${events.get(name)}, the scrapes' page is ${[...(p?.documentIds ?? [])]}`);
    if (screaming(title) !== name) notes.push(`type ${code}: TikTok's name ${name}, title "${title}"`);
    // The account: the crate's model, else the pages (their tables before their examples).
    const account = c?.account ?? p.pages.find((x) => x.account)?.account ?? "shop";
    for (const x of p?.pages ?? []) {
      if (x.account && x.account !== account) notes.push(`type ${code}: ${x.scrape} table says ${x.account}, the crate ${account}`);
      if (x.accountInExample && x.accountInExample !== account) notes.push(`type ${code}: ${x.scrape} example carries the ${x.accountInExample} id, the table and the crate ${account}'s`);
      const docFields = x.example?.data && typeof x.example.data === "object" ? Object.keys(x.example.data).sort() : null;
      const crateFields = c ? Object.keys(c.data.properties ?? {}).sort() : null;
      if (!x.example) notes.push(`type ${code}: ${x.scrape} has no readable example`);
      else if (crateFields) {
        compared++;
        if (docFields.join() !== crateFields.join()) notes.push(`type ${code}: ${x.scrape} example data [${docFields}] / crate [${crateFields}]`);
      }
    }
    const example = p?.pages.find((x) => x.example)?.example;
    if (!c && !example) throw new Error(`type ${code}: neither a model nor a readable example`);
    if (!c) notes.push(`type ${code}: only the pages describe it; schema from their example, envelope not shown${example.type === undefined ? " (the example is the data alone)" : ""}`);
    return {
      code, name, named: events.has(name) ? "tiktok" : "title", title, account,
      envelope: c?.envelope ?? (example.type !== undefined ? Object.keys(example) : null),
      data: c?.data ?? schemaOfExample(example.type !== undefined ? example.data : example),
      sources: [...(c ? ["tiktok-shop-api"] : []), ...(p?.pages.map((x) => x.scrape) ?? [])],
    };
  });
  for (const name of events.keys()) if (!types.some((t) => t.name === name)) notes.push(`TikTok's event name ${name} links to no webhook page of the scrapes: left out`);

  sources.push({ id: "tiktok-shop-api", package: `tiktok-shop-api ${crate.version} (crates.io)`, sha256: crate.sha256, webhooks: fromCrate.size, licence: "MIT" });
  writeJson(OUT, { sources, types });
  for (const n of notes) console.log(n);
  console.log(`${compared} examples' data fields compared with the crate's models`);
  const by = (k) => types.filter((t) => t.account === k).map((t) => t.code).join(", ");
  console.log(`${types.length} types: shop ${by("shop")}; seller ${by("seller")}; creator ${by("creator")}; wrote ${path.relative(ROOT, OUT)}`);
  if (types.map((t) => t.code).join() !== [...types].sort((a, b) => cmp(a.code, b.code)).map((t) => t.code).join()) throw new Error("unsorted");
}

main(process.argv.slice(2));

// Multipart uploads in every runtime: the sixteen upload operations with each file part
// as a Uint8Array (whole, and a view into a larger buffer), an ArrayBuffer, a Blob and a
// File, plus their form fields, each with the kind of account it needs; checked from the
// sandbox's request log. And a file part of the wrong type (or a detached or empty
// buffer) is an invalid_request error naming it, before anything is sent.
//
// ctx (besides what support/ gives every scenario): `catalog` ({ operations, schemas } of
// the sandbox package's src/generated/catalog.js).

import { AssertionError, equal, isApiError, ok, rejects, secrets } from "./assert.mjs";
import { secretsScan } from "./secrets.mjs";
import { helpers } from "./foundation.mjs";
import { checkData } from "./catalog.mjs";

/**
 * The upload operations: the fourteen multipart ones of TikTok's description and the two
 * of the docs catalog (`uploadShoppablePhotoFile`, `uploadMessageImageV2`).
 */
export const UPLOADS = [
  "affiliateCreator.uploadShoppablePhotoFile",
  "affiliateCreator.uploadShoppableVideoFile",
  "affiliateSeller.uploadMessageImage",
  "affiliateSeller.uploadMessageImageV2",
  "customerService.uploadBuyerMessagesImage",
  "fulfillment.fulfillmentUploadDeliveryFile",
  "fulfillment.fulfillmentUploadDeliveryImage",
  "gsFullServiceCommodity.gsImageUploadV2",
  "gsFullServiceCommodity.gsQualificationFileUpload",
  "gsFullServiceCommodity.gsVideoUpload",
  "gsFullServiceCommodity.imageUpload",
  "product.importExternalProductInfo",
  "product.uploadProductFile",
  "product.uploadProductImage",
  "returnRefund.uploadShippingDocumentAndTrackingInfo",
  "reviewRating.uploadReviewMedia",
];

/** Values of the form fields and required query parameters the uploads take. */
const FORM_VALUES = { use_case: "MAIN_IMAGE", name: "size-chart.pdf", file_type: "IMAGE", supplier_id: "7000000000000000001", return_ids: "4035318504086311234" };

/** An ArrayBuffer that was transferred away: detached, its bytes gone. */
function detached() {
  const buffer = new ArrayBuffer(16);
  structuredClone(buffer, { transfer: [buffer] });
  return buffer;
}

function bytes(n, seed) {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + seed) % 251;
  return out;
}

/**
 * The file part in each form the client accepts: `make(op)` returns the value and what
 * the sandbox must see (size, and name and type where the value carries them).
 */
const INPUTS = [
  {
    kind: "Uint8Array",
    make: () => ({ value: bytes(1537, 1), size: 1537 }),
  },
  {
    kind: "Uint8Array view into a larger buffer",
    make: () => ({ value: new Uint8Array(bytes(4096, 2).buffer, 1000, 733), size: 733 }),
  },
  {
    kind: "ArrayBuffer",
    make: () => ({ value: bytes(2048, 3).buffer, size: 2048 }),
  },
  {
    kind: "Blob",
    make: (file) => {
      const type = file ? "application/pdf" : "image/png";
      return { value: new Blob([bytes(999, 4)], { type }), size: 999, type };
    },
  },
  {
    kind: "File",
    needs: () => typeof File === "function",
    make: (file) => {
      const [name, type] = file ? ["manual.pdf", "application/pdf"] : ["photo.png", "image/png"];
      return { value: new File([bytes(1234, 5)], name, { type }), size: 1234, name, type };
    },
  },
];

/**
 * A seller client with `shopCipher` set and a creator client, and the upload operations
 * with their catalog entries (once per runtime).
 */
function setup(ctx) {
  ctx.uploadSetup ??= (async () => {
    const { admin, base } = helpers(ctx);
    const shop = await helpers(ctx).shop();
    const { shopCipher } = shop.toJSON();
    const creatorTokens = await admin("tokens?account=creator");
    secrets.add(creatorTokens.access_token).add(creatorTokens.refresh_token);
    const clients = { seller: shop, creator: new ctx.api.TikTokShop({ ...base, accessToken: creatorTokens.access_token }) };
    const uploads = ctx.api.listOperations().filter((e) => e.multipart).map((entry) => {
      const v = ctx.catalog.operations.find((o) => o.group === entry.group && o.operation === entry.operation && o.version === entry.versions[0]);
      ok(v, `catalog entry of ${entry.group}.${entry.operation}`);
      const fileParts = entry.params.filter((p) => p.in === "file").map((p) => p.name);
      ok(fileParts.length > 0, `${entry.group}.${entry.operation} has a file part`);
      equal(fileParts.join(), entry.files.join(), `${entry.group}.${entry.operation}: listOperations() files`);
      const client = clients[entry.account];
      ok(client, `a client for ${entry.account} uploads`);
      const fields = entry.params.filter((p) => p.in === "form" || (p.in === "query" && p.required));
      return { entry, v, client, name: `${entry.group}.${entry.operation}`, fileParts, filePart: fileParts[0], fields };
    });
    return { shop, shopCipher, uploads };
  })();
  return ctx.uploadSetup;
}

/** Uploads `input` through every upload operation; returns the problems found. */
async function uploadAll(ctx, input) {
  const { admin } = helpers(ctx);
  const { shopCipher, uploads } = await setup(ctx);
  const failures = [];
  for (const u of uploads) {
    const isFile = /File|Info|Document/.test(u.entry.operation);
    const sent = input.make(isFile);
    const params = {};
    // Each file part gets its own value (a File or Blob is consumed by nothing, but a
    // view or buffer is read as it is sent).
    for (const part of u.fileParts) params[part] = input.make(isFile).value;
    for (const f of u.fields) params[f.name] = FORM_VALUES[f.name] ?? "1";
    const problems = [];
    await admin("reset");
    let data;
    try {
      data = await u.client.call(u.entry.group, u.entry.operation, params);
    } catch (e) {
      failures.push(`${u.name}: the upload failed: ${e?.kind ?? e?.name} ${e?.code ?? ""} ${e?.message}`);
      continue;
    }
    const log = await admin("requests", "GET");
    if (log.length !== 1) {
      failures.push(`${u.name}: expected exactly one request in the sandbox log, found ${log.length}`);
      continue;
    }
    const r = log[0];
    if (r.method !== u.v.method || r.path !== u.v.path) problems.push(`${r.method} ${r.path}, expected ${u.v.method} ${u.v.path}`);
    if (r.status !== 200 || r.code !== 0) problems.push(`status ${r.status} code ${r.code}`);
    if (r.signatureValid !== true) problems.push(`signatureValid is ${r.signatureValid}`);
    // Multipart: a form, no text body (and nothing of it signed: the signature above is valid).
    if (!r.form || r.bodyText !== null) problems.push(`not a multipart form: form ${JSON.stringify(r.form)}, bodyText ${JSON.stringify(r.bodyText)}`);
    for (const filePart of u.fileParts) {
      const part = r.form?.[filePart];
      if (!part || typeof part !== "object") problems.push(`file part ${filePart} is ${JSON.stringify(part)}`);
      else {
        if (part.size !== sent.size) problems.push(`file part ${filePart} of ${part.size} bytes, sent ${sent.size}`);
        if (sent.name !== undefined && part.name !== sent.name) problems.push(`file name ${JSON.stringify(part.name)}, sent ${sent.name}`);
        if (sent.type !== undefined && part.type !== sent.type) problems.push(`file type ${JSON.stringify(part.type)}, sent ${sent.type}`);
      }
    }
    for (const f of u.fields) {
      const seen = f.in === "query" ? r.query?.[f.name] : r.form?.[f.name];
      if (seen !== params[f.name]) problems.push(`${f.in} field ${f.name} is ${JSON.stringify(seen)}`);
    }
    const extra = Object.keys(r.form ?? {}).filter((k) => !u.fileParts.includes(k) && !u.fields.some((f) => f.name === k && f.in === "form"));
    if (extra.length) problems.push(`unexpected form parts ${extra.join(", ")}`);
    // shop_cipher: never where the operation forbids it; the client's elsewhere.
    if (u.v.shopCipher === "forbidden") {
      if (r.shopCipher !== null) problems.push(`shop_cipher sent to ${u.name}, which forbids it`);
    } else if (r.shopCipher !== shopCipher) problems.push(`shop_cipher ${JSON.stringify(r.shopCipher)}, expected the client's`);
    checkData(ctx.catalog, u.v, data, problems);
    if (problems.length) failures.push(`${u.name}:\n    ${problems.join("\n    ")}`);
  }
  if (failures.length) throw new AssertionError(`${input.kind}:\n  ${failures.join("\n  ")}`);
}

const main = [
  {
    name: "the sixteen upload operations are the multipart ones",
    async run(ctx) {
      const { uploads } = await setup(ctx);
      equal(uploads.map((u) => u.name).sort().join(", "), UPLOADS.join(", "), "multipart operations");
      for (const u of uploads) {
        ok(u.entry.method === "POST", `${u.name} is a POST`);
        if (u.entry.group === "product") equal(u.v.shopCipher, "forbidden", `${u.name} takes no shop_cipher`);
      }
      const returns = uploads.find((u) => u.name === "returnRefund.uploadShippingDocumentAndTrackingInfo");
      equal(returns.fileParts.join(), "return_qr_code,return_shipping_label", "an upload with two file parts");
      const image = uploads.find((u) => u.name === "product.uploadProductImage");
      ok(image.fields.some((f) => f.name === "use_case"), "product image upload has use_case");
      for (const name of ["product.uploadProductFile", "fulfillment.fulfillmentUploadDeliveryFile"]) {
        ok(uploads.find((u) => u.name === name).fields.some((f) => f.name === "name"), `${name} has name`);
      }
    },
  },
  ...INPUTS.map((input) => ({
    name: `upload through every upload operation with ${input.kind === "ArrayBuffer" ? "an" : "a"} ${input.kind}`,
    async run(ctx) {
      if (input.needs && !input.needs()) {
        // Node 20+, Deno and workerd all have File: only another runtime may skip it.
        ok(!["node", "deno", "workerd"].includes(ctx.runtime), `${ctx.runtime} should have File`);
        return;
      }
      await uploadAll(ctx, input);
    },
  })),
  {
    name: "a string, a plain object, a detached or empty buffer, or no file part is an invalid_request error naming it, before anything is sent",
    async run(ctx) {
      const { admin } = helpers(ctx);
      const { shop, uploads } = await setup(ctx);
      const before = (await admin("requests", "GET")).length;
      const wrong = [
        ["a string", "iVBORw0KGgo="],
        ["a plain object", { bytes: [1, 2, 3], name: "photo.png" }],
        ["an array of bytes", [1, 2, 3]],
        ["a number", 42],
        ["missing", undefined],
        ["null", null],
        ["an empty buffer", new Uint8Array(0)],
        ["a detached buffer", detached()],
      ];
      for (const u of uploads) {
        for (const [label, value] of wrong) {
          const params = {};
          for (const part of u.fileParts) params[part] = part === u.filePart ? value : bytes(10, 7);
          if (value === undefined) delete params[u.filePart];
          for (const f of u.fields) params[f.name] = FORM_VALUES[f.name] ?? "1";
          const e = await rejects(u.client.call(u.entry.group, u.entry.operation, params), `${u.name} with ${label} resolved`);
          isApiError(ctx.api, e, { kind: "invalid_request", field: u.filePart, operation: u.name }, `${u.name} with ${label}:`);
        }
      }
      equal((await admin("requests", "GET")).length, before, "nothing reached the sandbox");
    },
  },
  secretsScan,
];

/**
 * Run on their own (ctx.isolated): when the client throws outside the call's promise,
 * the uncaught exception takes the runtime's whole scenario run down with it.
 */
const isolated = [
  {
    // Form fields are strings in the description; a number is a scalar the client prints,
    // as it does for string query parameters.
    name: "a number as a form field is sent as its text, and the call settles",
    async run(ctx) {
      const { admin } = helpers(ctx);
      const { shop } = await setup(ctx);
      await admin("reset");
      const call = shop.fulfillment.fulfillmentUploadDeliveryFile({ data: bytes(10, 6), name: 2025 });
      const settled = await Promise.race([
        call.then(() => "resolved", (e) => `rejected with ${e?.constructor?.name} ${e?.kind} ${e?.message}`),
        new Promise((resolve) => setTimeout(() => resolve("never settled (after 2 s)"), 2000)),
      ]);
      equal(settled, "resolved", "fulfillment.fulfillmentUploadDeliveryFile with name: 2025");
      const log = await admin("requests", "GET");
      equal(log.length, 1, "one request");
      equal(log[0].form?.name, "2025", "name sent as text");
    },
  },
];

const gate = (scenario, flag) => ({
  ...scenario,
  isolated: flag,
  async run(ctx) {
    if (Boolean(ctx.isolated) === flag) await scenario.run(ctx);
  },
});

/** `isolated: true` ones run only when ctx.isolated, the others only when it is not. */
export const scenarios = [...main.map((s) => gate(s, false)), ...isolated.map((s) => gate(s, true))];

// signRequest(): the string the core signs and its HMAC, for every published vector.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { api } from "./package.mjs";

const vectors = JSON.parse(readFileSync(new URL("../fixtures/signing-vectors.json", import.meta.url), "utf8")).request_vectors;

test("every request vector: the same string to sign, the same sign", () => {
  for (const v of vectors) {
    const body = v.content_type?.startsWith("multipart") ? "" : v.body;
    const { sign, stringToSign } = api.signRequest({ appSecret: v.app_secret, path: v.path, query: v.query, body });
    assert.equal(stringToSign, v.string_to_sign, v.id);
    assert.equal(sign, v.expected_sign, v.id);
  }
});

test("its arguments checked, naming them", () => {
  for (const [options, field] of [
    [{ path: "/p" }, "appSecret"],
    [{ appSecret: "s" }, "path"],
    [{ appSecret: "s", path: "p" }, "path"],
    [{ appSecret: "s", path: "/p", body: {} }, "body"],
    [{ appSecret: "s", path: "/p", query: { a: {} } }, "query.a"],
    [{ appSecret: "s", path: "/p", extra: 1 }, "extra"],
  ]) {
    assert.throws(() => api.signRequest(options), { field }, field);
  }
});

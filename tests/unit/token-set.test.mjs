// Token sets: the one check of a complete set (a reply, an argument, a stored set) and the
// one expiry rule, read once when the set arrives.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkTokenSet, DEFAULT_SKEW_SECONDS, expiresAt, isExpiring, knownScopes, secondsLeft, tokensArgument, tokenSet } from "../../pkg-template/lib/token-set.js";

const NOW = 1_700_000_000_000;
const reply = { access_token: "A", access_token_expire_in: 1_700_003_600, refresh_token: "R", refresh_token_expire_in: 1_731_536_000, open_id: "o", granted_scopes: [] };

test("a token reply: complete or a decode error naming what is missing; `expires_in` added", () => {
  assert.deepEqual(tokenSet(reply, NOW), { ...reply, expires_in: 3600 });
  for (const [field, value] of [["access_token", undefined], ["access_token", "a\nb"], ["refresh_token", ""], ["access_token_expire_in", -1], ["access_token_expire_in", "soon"], ["refresh_token_expire_in", NaN]]) {
    assert.throws(() => tokenSet({ ...reply, [field]: value }, NOW), { kind: "decode", field }, `${field}=${value}`);
  }
  assert.throws(() => tokenSet(null, NOW), { kind: "decode", field: "data" });
  // A store that refreshes keeps its refresh token: it may leave it out.
  const { refresh_token: _, ...noRefresh } = reply;
  assert.equal(tokenSet(noRefresh, NOW, { refreshToken: false }).access_token, "A");
});

test("the same check for an argument, a config error naming `field.member`; strictness by what the caller needs", () => {
  assert.deepEqual(tokensArgument({ access_token: "A" }, "tokens"), { access_token: "A", refresh_token: undefined, access_token_expire_in: undefined, refresh_token_expire_in: undefined, granted_scopes: undefined });
  assert.throws(() => tokensArgument({ access_token: "A" }, "tokens", { refreshToken: true }), { kind: "config", field: "tokens.refresh_token", message: /is required/ });
  assert.throws(() => tokensArgument({ access_token: "A", refresh_token: "R" }, "tokens", { refreshToken: true, expiry: true }), { field: "tokens.access_token_expire_in" });
  assert.throws(() => tokensArgument({ access_token: "a b" }, "tokenStore.get"), { field: "tokenStore.get.access_token", message: /visible ASCII/ });
  assert.throws(() => tokensArgument("A", "tokens"), { field: "tokens", message: /token set object/ });
  assert.equal(tokensArgument({ access_token: "A", access_token_expire_in: new Date(NOW) }, "tokens").access_token_expire_in, NOW / 1000);
  const trap = new Proxy({}, { ownKeys() { throw new Error("trap"); } });
  assert.throws(() => tokensArgument(trap, "tokens"), { kind: "config" });
  // One rule for what a token is, whoever asks: 4096 visible ASCII characters at most.
  assert.throws(() => checkTokenSet({ access_token: "x".repeat(4097) }, { error: (f) => new Error(f) }), /access_token/);
});

test("granted scopes: an argument's are checked (config error naming the element), a reply's that cannot be used are not known", () => {
  assert.deepEqual(tokensArgument({ access_token: "A", granted_scopes: ["seller.order.info"] }, "tokens").granted_scopes, ["seller.order.info"]);
  assert.throws(() => tokensArgument({ access_token: "A", granted_scopes: "seller.order.info" }, "tokens"), { kind: "config", field: "tokens.granted_scopes" });
  assert.throws(() => tokensArgument({ access_token: "A", granted_scopes: ["ok", "two words"] }, "tokens"), { kind: "config", field: "tokens.granted_scopes[1]" });
  assert.throws(() => tokensArgument({ access_token: "A", granted_scopes: Array(1001).fill("s") }, "tokens"), { field: "tokens.granted_scopes" });
  // A reply keeps its tokens and its field as it came; the scope check treats it as not known.
  const odd = tokenSet({ ...reply, granted_scopes: [1] }, NOW);
  assert.deepEqual(odd.granted_scopes, [1]);
  assert.equal(knownScopes(odd), null);
  assert.deepEqual(knownScopes(tokenSet({ ...reply, granted_scopes: ["a.b"] }, NOW)), ["a.b"]);
  assert.equal(knownScopes({ access_token: "A" }), null, "left out: not known");
  assert.deepEqual(knownScopes({ access_token: "A", granted_scopes: [] }), [], "an empty grant is known: nothing granted");
});

test("expiry: absolute Unix seconds; a value before 2001 is a duration from now, read once", () => {
  assert.equal(expiresAt(1_700_003_600, NOW), 1_700_003_600);
  assert.equal(expiresAt(7200, NOW), 1_700_007_200);
  assert.equal(expiresAt(undefined, NOW), null);
  assert.equal(isExpiring(1_700_000_000 + DEFAULT_SKEW_SECONDS, NOW), true);
  assert.equal(isExpiring(1_700_000_000 + DEFAULT_SKEW_SECONDS + 1, NOW), false);
  assert.equal(isExpiring(null, NOW), false, "unknown expiry: not due");
  assert.equal(isExpiring(1_700_000_100, NOW, 60), false);
  assert.equal(secondsLeft(1_699_999_000, NOW), 0);
  assert.equal(secondsLeft(null, NOW), 0);
});

// Single-flight refresh: one run for everyone waiting, a refusal remembered until cleared.
import { test } from "node:test";
import assert from "node:assert/strict";
import { isRefusal, memoryRefusals, RefreshFlight } from "../../pkg-template/lib/refresh-flight.js";
import { TikTokShopError } from "../../pkg-template/lib/errors.js";

test("callers while a refresh runs join it: one run", async () => {
  const flight = new RefreshFlight();
  let runs = 0;
  let release;
  const run = () => {
    runs += 1;
    return new Promise((resolve) => (release = resolve));
  };
  const joined = Array.from({ length: 10 }, () => flight.join(run));
  assert.equal(runs, 1, "started at once, once");
  assert.ok(flight.running);
  release("tokens");
  assert.deepEqual(await Promise.all(joined), Array(10).fill("tokens"));
  assert.equal(flight.running, null);
  await flight.join(async () => "again");
  assert.equal(runs, 1);
});

test("a refusal (auth, reauthorize) is remembered; a passing failure is not; clear() forgets", async () => {
  const flight = new RefreshFlight();
  let runs = 0;
  const refused = new TikTokShopError({ kind: "reauthorize", code: 36004001, message: "refresh token expired" });
  await assert.rejects(flight.join(async () => { runs += 1; throw refused; }), { kind: "reauthorize" });
  await assert.rejects(flight.join(async () => { runs += 1; }), { kind: "reauthorize" });
  assert.equal(runs, 1, "no run after a refusal");
  assert.equal(flight.refusal, refused);
  flight.clear();
  await flight.join(async () => { runs += 1; });
  assert.equal(runs, 2);
  await assert.rejects(flight.join(async () => { throw new TikTokShopError({ kind: "server", message: "503" }); }), { kind: "server" });
  assert.equal(flight.refusal, null);
  assert.equal(isRefusal(new TikTokShopError({ kind: "auth", message: "" })), true);
  assert.equal(isRefusal(new Error("auth")), false);
});

test("a run that throws at once still settles the flight, which is then free", async () => {
  const flight = new RefreshFlight();
  await assert.rejects(flight.join(() => { throw new Error("at once"); }), /at once/);
  assert.equal(flight.running, null);
});

test("the refusal lives where the caller keeps it (a Durable Object's storage, say)", async () => {
  const kept = memoryRefusals();
  const refused = new TikTokShopError({ kind: "auth", message: "no" });
  await assert.rejects(new RefreshFlight(kept).join(async () => { throw refused; }));
  await assert.rejects(new RefreshFlight(kept).join(async () => "never"), { kind: "auth" }, "another flight on the same store");
});

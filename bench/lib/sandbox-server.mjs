// The sandbox over real HTTP in its own process (so it does not share the client's
// event loop). Prints one JSON line { url, appKey, appSecret, accessToken, shopCipher }
// and serves until its stdin closes.
import { SANDBOX } from "./common.mjs";

const { startSandbox } = await import(SANDBOX);
const sb = await startSandbox({ port: 0, seed: 1 });
const tokens = sb.sandbox.issueTokens();
const shopCipher = sb.sandbox.shop.summary().shops[0].cipher;
process.stdout.write(JSON.stringify({ url: sb.url, appKey: sb.appKey, appSecret: sb.appSecret, accessToken: tokens.access_token, shopCipher }) + "\n");
process.stdin.resume();
process.stdin.on("end", async () => {
  await sb.close();
  process.exit(0);
});

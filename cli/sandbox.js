// `tiktok-shop sandbox`: the offline TikTok Shop over HTTP until Ctrl-C, with what it
// takes to point the CLI (or any client) at it.

import { integerFlag, stringFlag, UsageError } from "./args.js";
import { write } from "./output.js";

/** A value as one shell word. */
const sh = (value) => (/^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`);

export const SANDBOX_FLAGS = ["port", "seed", "host", "app-key", "app-secret", "service-id"];

/** The sandbox's service id, when the flag does not set it. */
const DEFAULT_SERVICE_ID = "sandbox-service-id";

export async function sandboxCommand({ positionals, flags }) {
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const port = integerFlag(flags, "port", 0) ?? 0;
  if (port > 65535) throw new UsageError(`--port must be at most 65535, got ${port}`);
  const seedText = stringFlag(flags, "seed");
  const seed = seedText === undefined ? 1 : /^\d+$/.test(seedText) ? Number(seedText) : seedText;
  const host = stringFlag(flags, "host") ?? "127.0.0.1";
  // Only flags: the environment may hold a real app's credentials.
  const options = { port, host, seed };
  const appKey = stringFlag(flags, "app-key");
  const appSecret = stringFlag(flags, "app-secret");
  if (appKey) options.appKey = appKey;
  if (appSecret) options.appSecret = appSecret;
  options.serviceId = stringFlag(flags, "service-id") || DEFAULT_SERVICE_ID;

  const { startSandbox } = await import("tiktok-shop-wasm-sandbox");
  let sb;
  try {
    sb = await startSandbox(options);
  } catch (error) {
    if (error.code === "EADDRINUSE" || error.code === "EACCES" || error.code === "EADDRNOTAVAIL") {
      throw new UsageError(`cannot listen on ${host}:${port} (${error.code})`);
    }
    throw error;
  }
  const code = sb.sandbox.mintAuthCode();
  const shops = sb.sandbox.shop.shops;
  const serviceId = sb.sandbox.serviceId ?? options.serviceId;
  await write(
    [
      `TikTok Shop sandbox (seed ${seed}) listening on ${sb.url}`,
      `app key:    ${sb.appKey}`,
      `app secret: ${sb.appSecret}`,
      `service id: ${serviceId}   (authorization page: ${sb.url}/open/authorize?service_id=${encodeURIComponent(serviceId)}&state=…&redirect_uri=…)`,
      `auth code:  ${code}   (single use, 30 minutes; another: curl -X POST ${sb.url}/__sandbox/auth_code)`,
      `tokens:     curl -X POST ${sb.url}/__sandbox/tokens   (a token set without the OAuth flow)`,
      `shops:      ${shops.map((s) => `${s.name} (${s.region}) ${s.cipher}`).join(", ")}`,
      "",
      "# paste into a shell, then: tiktok-shop auth exchange   (reads TIKTOK_SHOP_AUTH_CODE)",
      "export TIKTOK_SHOP_PROFILE=sandbox",
      `export TIKTOK_SHOP_APP_KEY=${sh(sb.appKey)}`,
      `export TIKTOK_SHOP_APP_SECRET=${sh(sb.appSecret)}`,
      `export TIKTOK_SHOP_BASE_URL=${sb.url}`,
      `export TIKTOK_SHOP_AUTH_BASE_URL=${sb.url}`,
      `export TIKTOK_SHOP_SERVICE_ID=${sh(serviceId)}`,
      `export TIKTOK_SHOP_AUTH_CODE=${sh(code)}`,
      "",
      "Ctrl-C stops it.",
      "",
    ].join("\n"),
  );
  await new Promise((resolve) => {
    const stop = () => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve();
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
  await sb.close();
}

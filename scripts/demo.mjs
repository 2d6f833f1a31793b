// `npm start`: builds the package if needed, starts the offline sandbox and runs the
// Node quick start against it.

import { spawn } from "node:child_process";
import { join } from "node:path";
import { build } from "./build.mjs";
import { root } from "./setup.mjs";

build();
const { startSandbox } = await import("tiktok-shop-wasm-sandbox");
const sandbox = await startSandbox();
console.log(`Sandbox TikTok Shop at ${sandbox.url} (app key ${sandbox.appKey})\n`);
try {
  // Async: the sandbox answers from this process's event loop.
  const child = spawn(process.execPath, [join(root, "js-examples", "node", "quickstart.mjs")], {
    stdio: "inherit",
    env: {
      ...process.env,
      TIKTOK_SHOP_APP_KEY: sandbox.appKey,
      TIKTOK_SHOP_APP_SECRET: sandbox.appSecret,
      TIKTOK_SHOP_AUTH_CODE: sandbox.sandbox.mintAuthCode(),
      TIKTOK_SHOP_BASE_URL: sandbox.url,
      TIKTOK_SHOP_AUTH_BASE_URL: sandbox.url,
    },
  });
  const [code] = await new Promise((resolve) => child.once("exit", (...args) => resolve(args)));
  process.exitCode = code ?? 1;
} finally {
  await sandbox.close();
}

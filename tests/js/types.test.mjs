// The published types compile against a typed usage file (tests/types/usage.ts), including
// the lines that must NOT compile (@ts-expect-error).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));

test("tsc --noEmit over tests/types/usage.ts", { timeout: 120_000 }, async () => {
  const tsc = join(root, "node_modules", ".bin", "tsc");
  const result = await new Promise((resolve) =>
    execFile(tsc, ["-p", join(root, "tests", "types", "tsconfig.json")], { cwd: root }, (error, stdout, stderr) =>
      resolve({ code: error ? error.code : 0, out: stdout + stderr }),
    ),
  );
  assert.equal(result.code, 0, result.out);
});

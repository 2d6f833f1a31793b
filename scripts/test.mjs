// `npm test`: the whole suite. Installs and builds what is missing, then runs the Rust
// tests (native), checks that the generated files are fresh, and runs the JS tests: the
// built packages in real Node, Deno and workerd processes against the sandbox (tests/),
// the sandbox's own (sandbox/test/), and the n8n package's (n8n/tests: lint, and a real
// n8n against the sandbox).

import { build } from "./build.mjs";
import { run } from "./setup.mjs";

const step = (title) => process.stderr.write(`\n== ${title}\n`);

step("build the packages");
build();
step("Rust formatting");
run("cargo", ["fmt", "--check"]);
step("Rust unit and integration tests (native)");
run("cargo", ["test", "--quiet"]);
step("generated files are up to date");
run("node", ["scripts/codegen/index.mjs", "--check"]);
step("JS tests: Node, Deno and workerd against the sandbox, the sandbox's own, the n8n nodes in a real n8n");
// Every wait has a bound: a test without its own timeout fails after 15 min; a test file whose
// tests are done exits even if something it started still holds the event loop (a timer left
// behind by a failing test once kept CI waiting past its 90 minutes); the whole step stops at 60.
const JS_STEP_MINUTES = 60;
run("node", ["--test", "--test-force-exit", "--test-timeout=900000", "tests/", "sandbox/test/", "n8n/tests/"], {
  timeout: JS_STEP_MINUTES * 60_000,
  killSignal: "SIGKILL",
});

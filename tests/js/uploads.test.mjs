// Multipart uploads through the five upload operations in a real Node, Deno and workerd,
// against the sandbox over HTTP. The `isolated` scenarios run in a run of their own: a
// client bug that throws outside a promise must not take the other results down with it.
import { fileURLToPath } from "node:url";
import { scenarios } from "../scenarios/uploads.mjs";
import { scenarioSuite } from "../support/suite.mjs";

const module = fileURLToPath(new URL("../scenarios/uploads.mjs", import.meta.url));
// The sandbox package's catalog: response schemas and shop_cipher rules per version.
const catalog = (sb) => ({ operations: sb.sandbox.catalog.operations, schemas: sb.sandbox.catalog.schemas });

scenarioSuite(module, scenarios.filter((s) => !s.isolated), { data: async (sb) => ({ catalog: catalog(sb), isolated: false }) });
scenarioSuite(module, scenarios.filter((s) => s.isolated), { data: async (sb) => ({ catalog: catalog(sb), isolated: true }) });

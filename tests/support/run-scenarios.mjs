// Runs a list of scenarios one after another and reports each as { name, ok, error }.
// Shared by the Node, Deno and workerd runners, so every runtime runs the same code.
// A scenario with `runtimes: [...]` runs only in those runtimes; `ctx.note(text)` reports a
// figure next to its test.

export async function runAll(scenarios, ctx, only) {
  const results = [];
  for (const scenario of scenarios) {
    if (only && !only.includes(scenario.name)) continue;
    if (scenario.runtimes && !scenario.runtimes.includes(ctx.runtime)) continue;
    const started = Date.now();
    const notes = [];
    // The same ctx for every scenario (they may memoise setup on it); `note` is per scenario.
    ctx.note = (text) => notes.push(text);
    try {
      await scenario.run(ctx);
      results.push({ name: scenario.name, ok: true, ms: Date.now() - started, notes });
    } catch (error) {
      results.push({
        name: scenario.name,
        ok: false,
        ms: Date.now() - started,
        notes,
        error: `${error?.name ?? "Error"}: ${error?.message ?? String(error)}`,
        stack: error?.stack ?? null,
      });
    }
  }
  return results;
}

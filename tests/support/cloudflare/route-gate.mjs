// A gate on one API route of the sandbox, for stopping a run at a known point whatever the
// machine's speed: the first `admit` requests of the route go through; every later one is
// held until the gate opens (it then goes on as if it had just arrived) or its client goes
// away (a killed process: it is dropped, unanswered). The gate is a pipeline stage ahead
// of every check (sandbox.addStage), so a held request is not counted, logged,
// rate-limited or drawn for a fault: to the sandbox, one dropped is a request lost on the
// network before it arrived.

/**
 * @param {object} sandbox `startSandbox().sandbox`
 * @param {{ method: string, path: string, admit: number }} route the route ("POST", "/order/...")
 *   and how many of its requests go through before it holds the next
 * @returns {{ admitted: number, held: number, open(): void }} `admitted`: requests let
 *   through so far; `held`: requests waiting now; `open()` lets every request through
 */
export function gateRoute(sandbox, { method, path, admit }) {
  let release;
  const opened = new Promise((resolve) => (release = resolve));
  const gate = {
    admitted: 0,
    held: 0,
    isOpen: false,
    open() {
      gate.isOpen = true;
      release();
    },
  };
  sandbox.addStage(
    {
      name: `gate ${method} ${path}`,
      async run(ctx) {
        if (ctx.method !== method || ctx.path !== path) return undefined;
        if (!gate.isOpen && gate.admitted >= admit) {
          const signal = ctx.request.signal;
          gate.held += 1;
          try {
            const gone = new Promise((resolve) => (signal.aborted ? resolve() : signal.addEventListener("abort", resolve, { once: true })));
            await Promise.race([opened, gone]);
          } finally {
            gate.held -= 1;
          }
          if (signal.aborted) {
            // Nobody reads this reply (the server adapter sends nothing to a client gone).
            ctx.log = false;
            return new Response(null, { status: 499 });
          }
        }
        gate.admitted += 1;
        return undefined;
      },
    },
    { before: "count" },
  );
  return gate;
}

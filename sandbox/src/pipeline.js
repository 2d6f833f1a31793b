// Runs one request through the stages: each either answers (returns a
// Response, or throws a SandboxError) or passes on. Then the faults that act
// on an answer already made (truncated, slow), and the request log.

import { SandboxError, ERRORS } from "./errors.js";
import { envelope, newRequestId } from "./reply.js";
import { truncateResponse, sleep, untilAborted } from "./fault-replies.js";

/**
 * @param {Array<{name: string, run: (ctx) => Promise<Response|undefined>}>} stages (read at each request)
 * @param {{now: () => number, log: object}} deps
 */
export function createPipeline(stages, { now, log }) {
  /**
   * @param {Request} request
   * @param {{body?: Uint8Array|ArrayBuffer}} [extras] `body`: the bytes of a body the
   *   Request cannot carry (a GET's), read by the server adapter
   */
  return async function handle(request, extras = {}) {
    const url = new URL(request.url);
    const ctx = {
      request,
      extras,
      url,
      method: request.method.toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      nowMs: now(),
      log: true,
      params: {},
      reply: (status, code, message, data) => envelope(ctx, status, code, message, data),
    };
    ctx.requestId = newRequestId(ctx.nowMs);
    let response;
    try {
      for (const stage of stages) {
        response = await stage.run(ctx);
        if (response) break;
      }
      if (!response) throw new Error("no stage answered");
    } catch (err) {
      if (err instanceof SandboxError) response = envelope(ctx, err.status, err.code, err.message, null);
      else response = envelope(ctx, 500, ERRORS.INTERNAL[0], `${ERRORS.INTERNAL[1]}: ${err?.message ?? err}`, null);
    }
    if (ctx.fault === "truncated") {
      // the operation ran; its reply arrives cut in half
      if (ctx.status === undefined) ctx.status = response.status;
      response = await truncateResponse(response);
      ctx.status = 200;
    }
    if (ctx.log) {
      if (ctx.status === undefined) ctx.status = response.status;
      await log.record(ctx);
    }
    // the operation ran (and is logged); its reply comes late
    if (ctx.fault === "slow") await sleep(ctx.slowMs, request.signal);
    // accepted (and logged), never answered: held until the client gives up
    if (ctx.fault === "hang") await untilAborted(request.signal);
    return response;
  };
}

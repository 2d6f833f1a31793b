// Which authorization each token call of the sandbox belongs to. The sandbox's request
// log redacts refresh tokens and says nothing about the grant a token call serves, so a
// test cannot tell from it which shop refreshed. This wraps the sandbox's handler (the
// Node adapter calls `sandbox.handle` for each request) and follows each grant's chain:
// auth code -> token set -> refresh -> token set... It also keeps every token it saw, for
// the secrets scan. Nothing here is written anywhere.

/**
 * @param {object} sandbox `startSandbox().sandbox`
 * @returns {{
 *   grantFor(authCode: string, shops: number[]): void,
 *   grants: Array<{ code: string, shops: number[], refreshes: number, refreshAttempts: number }>,
 *   secrets: Set<string>,
 * }}
 */
export function followTokens(sandbox) {
  const byCode = new Map(); // auth code -> shops
  const byRefreshToken = new Map(); // refresh token -> grant
  const ledger = {
    grants: [],
    secrets: new Set(),
    /** The test minted `authCode` for these shops (sandbox indexes). */
    grantFor(authCode, shops) {
      byCode.set(authCode, shops);
      ledger.secrets.add(authCode);
    },
  };

  const handle = sandbox.handle;
  sandbox.handle = async (request, extras) => {
    const url = new URL(request.url);
    if (url.pathname !== "/api/v2/token/get" && url.pathname !== "/api/v2/token/refresh") return handle(request, extras);
    const refreshing = url.pathname.endsWith("/refresh");
    let grant = refreshing ? (byRefreshToken.get(url.searchParams.get("refresh_token")) ?? null) : null;
    if (grant) grant.refreshAttempts += 1;
    const response = await handle(request, extras);
    const tokens = await tokensOf(response);
    if (tokens) {
      ledger.secrets.add(tokens.access_token);
      ledger.secrets.add(tokens.refresh_token);
      if (!refreshing) {
        const code = url.searchParams.get("auth_code");
        grant = { code, shops: byCode.get(code) ?? [], refreshes: 0, refreshAttempts: 0 };
        ledger.grants.push(grant);
      } else if (grant) {
        grant.refreshes += 1;
      }
      if (grant) byRefreshToken.set(tokens.refresh_token, grant);
    }
    return response;
  };
  return ledger;
}

/** The token set of a successful token reply, read from a copy of it; null otherwise. */
async function tokensOf(response) {
  if (response.status !== 200 || typeof response.clone !== "function") return null;
  try {
    const body = await response.clone().json();
    return body?.code === 0 && body.data?.access_token ? body.data : null;
  } catch {
    return null; // a fault's reply (cut short, HTML): no tokens reached anyone
  }
}

// A forward HTTP proxy for the proxy tests: absolute-form requests (plain http) and
// CONNECT tunnels, with optional basic auth. Records what went through it.

import { createServer, request as httpRequest } from "node:http";
import { connect } from "node:net";

export async function startProxy({ username, password } = {}) {
  const seen = [];
  const expected = username ? `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}` : null;
  const authorized = (req) => !expected || req.headers["proxy-authorization"] === expected;

  const server = createServer((req, res) => {
    seen.push({ kind: "forward", method: req.method, url: req.url, authorized: authorized(req) });
    if (!authorized(req)) {
      res.writeHead(407, { "proxy-authenticate": 'Basic realm="test"' }).end();
      return;
    }
    const target = new URL(req.url);
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    delete headers["proxy-connection"];
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on("error", () => res.destroy());
    req.pipe(upstream);
  });

  server.on("connect", (req, socket, head) => {
    seen.push({ kind: "connect", method: "CONNECT", url: req.url, authorized: authorized(req) });
    if (!authorized(req)) {
      socket.end("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n\r\n");
      return;
    }
    const [host, port] = req.url.split(":");
    const upstream = connect(Number(port), host, () => {
      socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on("error", () => socket.destroy());
    socket.on("error", () => upstream.destroy());
  });

  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address();
  const auth = username ? `${encodeURIComponent(username)}:${encodeURIComponent(password)}@` : "";
  return {
    url: `http://${auth}127.0.0.1:${port}`,
    seen,
    async close() {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

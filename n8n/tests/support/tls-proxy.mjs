// A forward proxy that answers CONNECT tunnels to TikTok's hosts itself: it ends TLS with a
// certificate made for those names (openssl, at start; the client trusts it through
// NODE_EXTRA_CA_CERTS) and hands each request, unchanged, to the sandbox. So a client that
// can only call TikTok's real hosts, through its proxy setting, talks to the sandbox
// byte for byte: the seed node, which has no base URL setting, is tested this way.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, request } from "node:http";
import { join } from "node:path";
import { TLSSocket } from "node:tls";

export async function startTlsProxy({ target, hosts, dir }) {
  const key = join(dir, "proxy-key.pem");
  const cert = join(dir, "proxy-cert.pem");
  execFileSync("openssl", [
    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert,
    "-subj", "/CN=tiktok-shop-test-proxy", "-addext", `subjectAltName=${hosts.map((h) => `DNS:${h}`).join(",")}`,
  ], { stdio: "ignore" });
  const tls = { key: readFileSync(key), cert: readFileSync(cert) };
  const upstream = new URL(target);
  const tunnels = [];
  /** The replies that came back through the tunnels: `{ method, path, status, message }`. */
  const replies = [];

  // The requests inside the tunnels, sent on to the sandbox.
  const inner = createServer((req, res) => {
    const forwarded = request(
      { host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: { ...req.headers, host: upstream.host } },
      (up) => {
        res.writeHead(up.statusCode, up.headers);
        const chunks = [];
        up.on("data", (c) => chunks.push(c));
        up.on("end", () => {
          let message = null;
          try {
            message = JSON.parse(Buffer.concat(chunks).toString("utf8")).message ?? null;
          } catch {}
          replies.push({ method: req.method, path: req.url.split("?")[0], status: up.statusCode, message });
        });
        up.pipe(res);
      },
    );
    forwarded.on("error", () => res.destroy());
    req.pipe(forwarded);
  });

  const server = createServer((req, res) => res.writeHead(405).end());
  server.on("connect", (req, socket) => {
    const [host] = req.url.split(":");
    tunnels.push(host);
    if (!hosts.includes(host)) {
      socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
      return;
    }
    socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
    const secure = new TLSSocket(socket, { isServer: true, ...tls });
    secure.on("error", () => socket.destroy());
    inner.emit("connection", secure);
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    caFile: cert,
    tunnels,
    replies,
    async close() {
      server.closeAllConnections();
      inner.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

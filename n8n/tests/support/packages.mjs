// The packed tarballs the n8n tests install: the library (`npm pack` of pkg/) and the node
// (`npm pack` of pkg-n8n/), both as scripts/build.mjs left them.

import { execFile } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./n8n.mjs";

function pack(folder, dir) {
  return new Promise((ok, fail) =>
    execFile("npm", ["pack", "--json", "--pack-destination", dir, "--loglevel=error"], { cwd: join(repoRoot, folder) }, (error, stdout) =>
      error ? fail(error) : ok(join(dir, JSON.parse(stdout)[0].filename)),
    ),
  );
}

export async function packedPackages(dir) {
  return { library: await pack("pkg", dir), node: await pack("pkg-n8n", dir) };
}

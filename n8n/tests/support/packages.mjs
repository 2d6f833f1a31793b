// The packed tarball the n8n tests install: `npm pack` of pkg-n8n/ as scripts/build.mjs left
// it (the library inside it, from `npm pack` of pkg/).

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

export async function packedNode(dir) {
  return await pack("pkg-n8n", dir);
}

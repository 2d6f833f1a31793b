// Reads the regular files of a .tar.gz (a .crate is one) into memory: ustar, with GNU
// long names ('L') and pax path records ('x'), which is what cargo and npm write.

import { gunzipSync } from "node:zlib";

const BLOCK = 512;
const text = (bytes) => new TextDecoder().decode(bytes);
const field = (header, start, length) => text(header.subarray(start, start + length)).replace(/\0.*$/s, "");
const octal = (header, start, length) => Number.parseInt(field(header, start, length).trim() || "0", 8);

/** `Map<path, Uint8Array>` of the archive's regular files. */
export function readTarGz(bytes) {
  const tar = gunzipSync(bytes);
  const files = new Map();
  let longName = null;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    if (!Number.isSafeInteger(size)) throw new Error(`tar: bad size at byte ${at}`);
    const type = String.fromCharCode(header[156] || 48);
    const body = tar.subarray(at + BLOCK, at + BLOCK + size);
    if (body.length !== size) throw new Error("tar: archive cut short");
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (type === "L") {
      longName = field(body, 0, body.length);
      continue;
    }
    if (type === "x") {
      const path = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(text(body));
      if (path) longName = path[1];
      continue;
    }
    const prefix = field(header, 257, 6) === "ustar" ? field(header, 345, 155) : "";
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    longName = null;
    if (type === "0" || type === "7") files.set(name, body);
  }
  return files;
}

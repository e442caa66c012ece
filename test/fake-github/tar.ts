/**
 * A minimal ustar writer: regular files only, which is all a repository tarball holds here.
 * Paths over 100 bytes use ustar's 155-byte prefix field; longer ones get a pax header.
 */
import { gzipSync } from "node:zlib";
import type { TarEntry } from "./world.js";

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, "0") + "\0";
}

function header(name: string, size: number, type: "0" | "2" | "5" | "x" | "g", mtime: number, linkname = ""): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  let prefix = "";
  let base = name;
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf("/", 155);
    if (cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100) {
      prefix = name.slice(0, cut);
      base = name.slice(cut + 1);
    } else {
      base = name.slice(0, 100);
    }
  }
  h.write(base, 0, 100, "utf8");
  h.write(octal(type === "5" ? 0o755 : 0o644, 8), 100, "ascii");
  h.write(octal(0, 8), 108, "ascii");
  h.write(octal(0, 8), 116, "ascii");
  h.write(octal(size, 12), 124, "ascii");
  h.write(octal(mtime, 12), 136, "ascii");
  h.write("        ", 148, "ascii"); // checksum is computed with its own field as spaces
  h.write(type, 156, "ascii");
  h.write(linkname, 157, 100, "utf8");
  h.write("ustar\0", 257, "ascii");
  h.write("00", 263, "ascii");
  h.write(prefix, 345, 155, "utf8");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(octal(sum, 7) + " ", 148, "ascii");
  return h;
}

function pad(buf: Buffer): Buffer[] {
  const rest = buf.length % BLOCK;
  return rest === 0 ? [buf] : [buf, Buffer.alloc(BLOCK - rest, 0)];
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (Buffer.byteLength(`${len}${body}`) !== len) len++;
  return `${len}${body}`;
}

/**
 * A .tar.gz of `files` under the directory `root/`, as GitHub's tarball endpoint serves: like
 * `git archive`, it opens with a global pax header whose `comment` is the commit id.
 */
export function tarGz(root: string, files: Record<string, string>, mtime = 0, commit?: string): Buffer {
  return tarGzEntries(Object.entries(files).map(([path, content]) => ({ name: `${root}/${path}`, content })), mtime, commit);
}

/** A .tar.gz of raw entries, names taken as they are (a hostile archive can be written too). */
export function tarGzEntries(entries: readonly TarEntry[], mtime = 0, commit?: string): Buffer {
  const parts: Buffer[] = [];
  if (commit) {
    const pax = Buffer.from(paxRecord("comment", commit), "utf8");
    parts.push(header("pax_global_header", pax.length, "g", mtime), ...pad(pax));
  }
  for (const e of entries) {
    const type = e.type ?? "0";
    const data = Buffer.from(type === "0" ? (e.content ?? "") : "", "utf8");
    if (Buffer.byteLength(e.name) > 100 && !fitsUstar(e.name)) {
      const pax = Buffer.from(paxRecord("path", e.name), "utf8");
      parts.push(header("PaxHeader", pax.length, "x", mtime), ...pad(pax));
    }
    parts.push(header(e.name, data.length, type, mtime, e.linkname ?? ""), ...pad(data));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return gzipSync(Buffer.concat(parts));
}

function fitsUstar(name: string): boolean {
  const cut = name.lastIndexOf("/", 155);
  return cut > 0 && Buffer.byteLength(name.slice(cut + 1)) <= 100 && Buffer.byteLength(name.slice(0, cut)) <= 155;
}

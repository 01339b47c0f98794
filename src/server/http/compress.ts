import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** Smaller answers go as they are: compressing them saves less than it costs (Next.js's own threshold). */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Answers up to this size are compressed on the event loop: Brotli q1 takes ~0.26 ms for the loss
 * report's 78 kB, while handing the work to zlib's thread pool and back took ~0.53 ms idle and more
 * on a busy machine. Larger answers (a few lists, up to ~1 ms of work here) go to the pool.
 */
export const SYNC_COMPRESS_MAX_BYTES = 256 * 1024;

export type Encoding = "br" | "gzip";

/**
 * The encoding to answer in, from the request's Accept-Encoding: Brotli when accepted, else gzip,
 * else none. `q=0` refuses an encoding; `*` accepts any not named.
 */
export function chooseEncoding(acceptEncoding: string | null): Encoding | null {
  if (!acceptEncoding) return null;
  const weights = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(name, Number.isFinite(weight) ? weight : 0);
  }
  const accepted = (encoding: Encoding) => (weights.get(encoding) ?? weights.get("*") ?? 0) > 0;
  if (accepted("br")) return "br";
  if (accepted("gzip")) return "gzip";
  return null;
}

/**
 * A tRPC answer's bytes and headers, compressed in one piece at the fast end of each format (large
 * answers off the event loop, in zlib's thread pool): Brotli quality 1 (what browsers ask for; the
 * loss report's 78 kB in ~0.26 ms, as small as gzip's default level) or gzip level 1 (~0.55 ms). Next.js would gzip an App
 * Router answer at level 6 as a stream, chunk by chunk through the thread pool — ~4–7 ms of that
 * request's time here — and strips any `Content-Encoding` a route handler sets, so tRPC is served from
 * a Pages API route, whose headers Next.js keeps (and then leaves the encoded body alone). Small
 * answers and clients that accept neither go as they are.
 */
export async function encodeJson(request: Request, response: Response): Promise<{ headers: Headers; body: Uint8Array }> {
  const body = new Uint8Array(await response.arrayBuffer());
  const headers = new Headers(response.headers);
  headers.append("vary", "Accept-Encoding");
  const encoding = chooseEncoding(request.headers.get("accept-encoding"));
  if (!encoding || body.byteLength < MIN_COMPRESSED_BYTES || headers.has("content-encoding")) {
    headers.set("content-length", String(body.byteLength));
    return { headers, body };
  }
  const sync = body.byteLength <= SYNC_COMPRESS_MAX_BYTES;
  const packed =
    encoding === "br"
      ? await (sync ? zlib.brotliCompressSync : brotli)(body, {
          params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength },
        })
      : await (sync ? zlib.gzipSync : gzip)(body, { level: 1 });
  headers.set("content-encoding", encoding);
  headers.set("content-length", String(packed.byteLength));
  return { headers, body: new Uint8Array(packed.buffer, packed.byteOffset, packed.byteLength) };
}

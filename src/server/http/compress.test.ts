import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { chooseEncoding, encodeJson, MIN_COMPRESSED_BYTES, SYNC_COMPRESS_MAX_BYTES } from "./compress";

const json = (value: unknown, init: ResponseInit = {}) => Response.json(value, init);
const request = (acceptEncoding?: string) =>
  new Request("http://localhost/api/trpc/x", { headers: acceptEncoding === undefined ? {} : { "accept-encoding": acceptEncoding } });
const rows = (n: number) => ({ rows: Array.from({ length: n }, (_, i) => ({ id: `row-${i}`, amountMinor: i * 137, note: "refunded to the customer" })) });
const big = rows(400);
// Past the size compressed on the event loop: this one goes through zlib's thread pool.
const huge = rows(8000);

describe("chooseEncoding", () => {
  it("prefers Brotli, then gzip, and honours q=0 and *", () => {
    expect(chooseEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(chooseEncoding("gzip, deflate")).toBe("gzip");
    expect(chooseEncoding("br;q=0, gzip;q=0.5")).toBe("gzip");
    expect(chooseEncoding("BR;Q=0.1")).toBe("br");
    expect(chooseEncoding("deflate")).toBeNull();
    expect(chooseEncoding("identity")).toBeNull();
    expect(chooseEncoding("*")).toBe("br");
    expect(chooseEncoding("*, br;q=0")).toBe("gzip");
    expect(chooseEncoding("gzip;q=nonsense")).toBeNull();
    expect(chooseEncoding("")).toBeNull();
    expect(chooseEncoding(null)).toBeNull();
  });
});

describe("encodeJson", () => {
  const decodeOf = { br: brotliDecompressSync, gzip: gunzipSync } as const;

  it("compresses a large JSON answer in the chosen encoding, keeping status and headers", async () => {
    expect(JSON.stringify(big).length).toBeLessThan(SYNC_COMPRESS_MAX_BYTES);
    expect(JSON.stringify(huge).length).toBeGreaterThan(SYNC_COMPRESS_MAX_BYTES);
    for (const [accept, encoding, value] of [
      ["gzip, deflate, br", "br", big],
      ["gzip, deflate", "gzip", big],
      ["gzip, deflate, br", "br", huge],
      ["gzip, deflate", "gzip", huge],
    ] as const) {
      const response = json(value, { status: 207, headers: { "x-request-id": "abc", "retry-after": "5" } });
      const { headers, body } = await encodeJson(request(accept), response);
      expect(headers.get("x-request-id")).toBe("abc");
      expect(headers.get("retry-after")).toBe("5");
      expect(headers.get("content-type")).toContain("application/json");
      expect(headers.get("content-encoding")).toBe(encoding);
      expect(headers.get("vary")).toContain("Accept-Encoding");
      expect(Number(headers.get("content-length"))).toBe(body.byteLength);
      expect(body.byteLength).toBeLessThan(JSON.stringify(value).length / 3);
      expect(JSON.parse(decodeOf[encoding](body).toString("utf8"))).toEqual(value);
    }
  });

  it("sends small answers, and answers to clients that accept no encoding, as they are", async () => {
    const small = await encodeJson(request("br"), json({ ok: true }));
    expect(small.headers.get("content-encoding")).toBeNull();
    expect(JSON.parse(Buffer.from(small.body).toString("utf8"))).toEqual({ ok: true });
    expect(small.body.byteLength).toBeLessThan(MIN_COMPRESSED_BYTES);
    expect(Number(small.headers.get("content-length"))).toBe(small.body.byteLength);

    for (const accept of [undefined, "identity", "deflate", "br;q=0, gzip;q=0"]) {
      const plain = await encodeJson(request(accept), json(big));
      expect(plain.headers.get("content-encoding"), String(accept)).toBeNull();
      expect(JSON.parse(Buffer.from(plain.body).toString("utf8"))).toEqual(big);
    }
  });
});

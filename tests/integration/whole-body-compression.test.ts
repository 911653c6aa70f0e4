// The one-call compression of complete bodies (ADR 0047) against a real Express server on loopback, with the
// `compression` middleware beneath it as in server.js: what is compressed in one call, and what still streams.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compressWholeBodies, PAGE_COMPRESSION } from "~/whole-body-compression.server";

const HOLD_MS = 40;
const page = (n: number) => `<!DOCTYPE html><p>${"Article 3 of the Smuggling Protocol defines smuggling. ".repeat(n)}</p>`;
const turn = () => new Promise((resolve) => setImmediate(resolve));
const flushable = (res: express.Response) => res as express.Response & { flush(): void };

let server: http.Server;
let base: string;

beforeAll(async () => {
  const app = express();
  app.use(compression({ level: PAGE_COMPRESSION.gzipLevel, brotli: { params: PAGE_COMPRESSION.brotliParams } }));
  app.use(compressWholeBodies({ holdMs: HOLD_MS, maxBytes: 64 * 1024 }));
  // As Remix's adapter writes a page: several chunks over several turns, each followed by a flush, then end().
  app.get("/page", async (_req, res) => {
    res.type("html");
    for (const part of [page(100), page(200), page(50)]) {
      res.write(part);
      flushable(res).flush();
      await turn();
    }
    res.end();
  });
  app.get("/send", (_req, res) => res.type("html").send(page(100)));
  // A body that takes longer than the hold: its first part must reach the client before the rest is written.
  app.get("/slow", async (_req, res) => {
    res.type("html");
    res.write(page(40));
    flushable(res).flush();
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS * 6));
    res.end(page(40));
  });
  app.get("/large", (_req, res) => res.type("html").end(page(2000))); // about 110 kB, over maxBytes
  app.get("/small", (_req, res) => res.type("html").end("<p>short</p>"));
  app.get("/image", (_req, res) => res.type("png").end(Buffer.alloc(8000, 7)));
  app.get("/no-transform", (_req, res) => res.type("html").set("Cache-Control", "no-transform").end(page(100)));
  app.get("/callback", (_req, res) => {
    res.type("html");
    res.write(page(100), () => undefined);
    res.end(page(10));
  });
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise((resolve) => server.close(resolve)));

type Raw = { headers: http.IncomingHttpHeaders; body: Buffer; firstByteMs: number; totalMs: number };

/** The response's raw bytes, as sent (not decoded), and when its first and last bytes arrived. */
function get(path: string, acceptEncoding?: string, method = "GET"): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    const headers: Record<string, string> = acceptEncoding ? { "Accept-Encoding": acceptEncoding } : {};
    http
      .request(`${base}${path}`, { method, headers }, (response) => {
        const chunks: Buffer[] = [];
        let firstByteMs = -1;
        response.on("data", (chunk: Buffer) => {
          if (firstByteMs < 0) firstByteMs = performance.now() - sent;
          chunks.push(chunk);
        });
        response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks), firstByteMs, totalMs: performance.now() - sent }));
      })
      .on("error", reject)
      .end();
  });
}

const decoded = (r: Raw) =>
  (r.headers["content-encoding"] === "br" ? brotliDecompressSync(r.body) : r.headers["content-encoding"] === "gzip" ? gunzipSync(r.body) : r.body).toString();

describe("a body complete within the hold", () => {
  it("is compressed in one call, with its length, for a browser's Accept-Encoding", async () => {
    const r = await get("/page", "gzip, deflate, br, zstd");
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-length"]).toBe(String(r.body.length));
    expect(r.headers["transfer-encoding"]).toBeUndefined();
    expect(r.headers.vary).toMatch(/Accept-Encoding/i);
    expect(decoded(r)).toBe(page(100) + page(200) + page(50));
    // The brotli window is the one `compression` is given (RFC 7932 §9.1: 18 is coded as 0b0101 after a first 1 bit).
    expect(r.body[0] & 0x0f).toBe(((18 - 17) << 1) | 1);
  });

  it("is gzip for a client that takes only gzip, and sent as it is for one that asks for no encoding", async () => {
    const gzip = await get("/page", "gzip");
    expect(gzip.headers["content-encoding"]).toBe("gzip");
    expect(gzip.headers["content-length"]).toBe(String(gzip.body.length));
    expect(decoded(gzip)).toBe(page(100) + page(200) + page(50));
    const plain = await get("/page");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(plain.body.toString()).toBe(page(100) + page(200) + page(50));
  });

  it("is compressed when sent with res.send (its uncompressed Content-Length replaced)", async () => {
    const r = await get("/send", "br");
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["content-length"]).toBe(String(r.body.length));
    expect(decoded(r)).toBe(page(100));
  });
});

describe("what is left to the compression stream or sent as it is", () => {
  it("hands a write that waits for its callback, and what follows, to the stream", async () => {
    const r = await get("/callback", "br");
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(decoded(r)).toBe(page(100) + page(10));
  });

  it("streams a body not complete within the hold: its first part arrives before the rest is written", async () => {
    const r = await get("/slow", "br");
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(decoded(r)).toBe(page(40) + page(40));
    expect(r.firstByteMs).toBeLessThan(r.totalMs - HOLD_MS * 2);
  });

  it("streams a body larger than maxBytes through `compression`", async () => {
    const r = await get("/large", "br");
    expect(r.headers["content-encoding"]).toBe("br");
    expect(r.headers["transfer-encoding"]).toBe("chunked");
    expect(decoded(r)).toBe(page(2000));
  });

  it("leaves small bodies, types that do not compress, no-transform and HEAD as they are", async () => {
    for (const path of ["/small", "/image", "/no-transform"]) {
      const r = await get(path, "br, gzip");
      expect(r.headers["content-encoding"], path).toBeUndefined();
    }
    expect((await get("/image", "br")).body).toEqual(Buffer.alloc(8000, 7));
    const head = await get("/page", "br", "HEAD");
    expect(head.body.length).toBe(0);
  });
});

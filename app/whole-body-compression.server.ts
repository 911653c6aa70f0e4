// Compresses a response in one call when its whole body is written within a short hold, and leaves every other
// response to the `compression` middleware mounted before it (ADR 0047).
//
// Why: a page compressed by `compression` goes through a zlib stream: its encoder, its output buffers and each piece
// of work handed to libuv's thread pool and back. For a 20-40 kB page that machinery cost more CPU than the
// compression itself (brotli at quality 4 on a 26 kB lesson page: 0.35 ms one-shot, 0.8 ms as a stream with 32
// pages in flight, and 1.5-2.5 ms more per page in the server than the page uncompressed). No page of this app streams:
// every loader's data is complete before rendering, so its body is done within a few turns of the event loop.
import { constants as zlibConstants, brotliCompressSync, gzipSync } from "node:zlib";
import compression from "compression";
import type { NextFunction, Request, Response } from "express";
import Negotiator from "negotiator";

/** What the `compression` middleware is given too, so a body sent either way is encoded alike. */
export const PAGE_COMPRESSION = {
  gzipLevel: 4,
  brotliParams: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4, [zlibConstants.BROTLI_PARAM_LGWIN]: 18 },
};

// The lists `compression` negotiates with, so both pick the same encoding for the same request: brotli, which every
// browser asks for, before gzip when the client weighs them alike.
const SUPPORTED = ["br", "gzip", "deflate", "identity"];
const PREFERRED = ["br", "gzip"];
const THRESHOLD_BYTES = 1024; // compression's default: smaller bodies are sent as they are
const NO_TRANSFORM = /(?:^|,)\s*no-transform\s*(?:,|$)/i;

type Options = {
  /** How long a body may take to be complete before it is streamed instead; it is held (not sent) meanwhile. */
  holdMs: number;
  /** A larger body is streamed: compressing it in one call would hold the event loop for too long. */
  maxBytes: number;
};

export function compressWholeBodies({ holdMs, maxBytes }: Options = { holdMs: 50, maxBytes: 1 << 20 }) {
  return function wholeBodyCompression(req: Request, res: Response, next: NextFunction) {
    if (req.method === "HEAD" || !req.headers["accept-encoding"]) return next();
    // The methods of `compression` beneath: whatever is not compressed here goes on through them, as it did before.
    const write = res.write as (...args: unknown[]) => boolean;
    const end = res.end as (...args: unknown[]) => Response;
    let held: Buffer[] = [];
    let heldBytes = 0;
    let timer: NodeJS.Timeout | undefined;
    let holding = true;

    const stopHolding = () => {
      holding = false;
      clearTimeout(timer);
      res.write = write as Response["write"];
      res.end = end as Response["end"];
    };
    // The body is not complete in time (or too large): what is held goes on to the stream, and so does the rest.
    const streamFromHere = () => {
      if (!holding) return;
      stopHolding();
      for (const chunk of held) write.call(res, chunk);
      held = [];
      // The writer's flushes while its chunks were held reached no encoder (`compression` makes its stream only when
      // the headers go out): without this one, what was held would wait in the encoder for the next write.
      (res as Response & { flush?: () => void }).flush?.();
    };

    res.write = function holdChunk(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      // A writer that waits for its chunk to be written is streaming on purpose.
      if (typeof encoding === "function" || typeof callback === "function") {
        streamFromHere();
        return write.call(res, chunk, encoding, callback);
      }
      const piece = toBuffer(chunk, encoding as BufferEncoding | undefined);
      if (piece.length === 0) return true;
      held.push(piece);
      heldBytes += piece.length;
      if (heldBytes > maxBytes) streamFromHere();
      else timer ??= setTimeout(streamFromHere, holdMs);
      return true;
    } as Response["write"];

    res.end = function endWhole(chunk?: unknown, encoding?: unknown, callback?: unknown): Response {
      if (typeof chunk === "function") [chunk, callback] = [undefined, chunk];
      else if (typeof encoding === "function") [encoding, callback] = [undefined, encoding];
      const last = chunk == null ? null : toBuffer(chunk, encoding as BufferEncoding | undefined);
      const body = held.length === 0 ? last : Buffer.concat(last ? [...held, last] : held);
      stopHolding();
      held = [];
      const method = body ? encodingFor(req, res, body.length, maxBytes) : null;
      if (!method) return end.call(res, body ?? undefined, callback);
      const encoded = method === "br" ? brotliCompressSync(body!, { params: PAGE_COMPRESSION.brotliParams }) : gzipSync(body!, { level: PAGE_COMPRESSION.gzipLevel });
      // With Content-Encoding set, `compression` leaves the body alone (it still adds Vary: Accept-Encoding).
      res.setHeader("Content-Encoding", method);
      res.setHeader("Content-Length", encoded.length);
      return end.call(res, encoded, callback);
    } as Response["end"];

    next();
  };
}

/** br or gzip when `compression` would compress this body; null when it would not, or would use another encoding. */
function encodingFor(req: Request, res: Response, bytes: number, maxBytes: number): "br" | "gzip" | null {
  if (bytes < THRESHOLD_BYTES || bytes > maxBytes || res.headersSent || res.getHeader("Content-Encoding")) return null;
  if (NO_TRANSFORM.test(String(res.getHeader("Cache-Control") ?? ""))) return null;
  if (!compression.filter(req, res)) return null; // a type that does not compress (images, PDFs, archives)
  const method = new Negotiator(req).encoding(SUPPORTED, PREFERRED);
  return method === "br" || method === "gzip" ? method : null;
}

function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === "string") return Buffer.from(chunk, encoding);
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  throw new TypeError("A response chunk must be a string, a Buffer or a Uint8Array");
}

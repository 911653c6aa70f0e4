import { Transform, type TransformCallback } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { isNotModified, pageTag } from "./conditional-get.server";
import { DocumentTranslationsContext } from "./i18n/document-translations";
import { documentTranslationsJson } from "./i18n/document-translations.server";
import { getLocale, i18nFor } from "./i18n/i18next.server";
import { DocumentHtmlContext } from "./ui/document-html";
import { NonceContext } from "./ui/nonce";

export { importCoursesAfterStart, startup } from "./startup.server";
export { env } from "./env.server";
export { closeDatabase } from "./db.server";
export { startJobs, stopScheduler } from "./jobs/all.server";
export { isCrossSiteWrite } from "./auth/csrf";
export { cspNonce } from "./ids.server";
export { compressWholeBodies, PAGE_COMPRESSION } from "./whole-body-compression.server";

const ABORT_DELAY = 5_000;

/**
 * React writes a document in pieces of about 2 kB, all in the same turn when nothing suspends; each piece became a
 * chunk of the web stream and a socket write (writev was 18 % of the lesson page's CPU profile). This joins what is
 * written in one turn of the event loop into one chunk: still streamed (a Suspense boundary resolved later goes out
 * in its own turn), with a fraction of the writes.
 */
class TurnBuffer extends Transform {
  private pending: Buffer[] = [];
  private scheduled = false;
  _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
    this.pending.push(chunk);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.release());
    }
    done();
  }
  _flush(done: TransformCallback) {
    this.release();
    done();
  }
  private release() {
    this.scheduled = false;
    if (this.pending.length === 0) return;
    this.push(this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending));
    this.pending = [];
  }
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  // A route whose loader names what its page depends on (an ETag) is not rendered again for a browser that holds it.
  const loaderTag = responseHeaders.get("ETag");
  if (loaderTag && responseStatusCode === 200) {
    const etag = pageTag(remixContext.manifest.version, loaderTag);
    responseHeaders.set("ETag", etag);
    if (request.method === "GET" && isNotModified(request.headers.get("If-None-Match"), etag)) {
      return new Response(null, { status: 304, headers: responseHeaders });
    }
  }
  const locale = await getLocale(request);
  const instance = i18nFor(locale);
  // The browser gets the translations of the routes on this page only, inside the document (ADR 0031).
  const translations = documentTranslationsJson(locale, remixContext.staticHandlerContext.matches.map((m) => m.route.id));
  const nonce = loadContext?.cspNonce ?? "";
  // Crawlers and no-JS readers get the whole document at once; browsers get it streamed as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    // Rendering ends (all ready, or the shell failed) before or after the abort timer is set; either way it is cleared.
    let renderingEnded = false;
    let abortTimer: ReturnType<typeof setTimeout> | undefined;
    const endRendering = () => {
      renderingEnded = true;
      clearTimeout(abortTimer);
    };
    const sendDocument = () => {
      shellRendered = true;
      const body = new TurnBuffer();
      responseHeaders.set("Content-Type", "text/html; charset=utf-8");
      resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
      pipe(body);
    };
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <DocumentHtmlContext.Provider value={loadContext?.documentOnly ?? null}>
          <DocumentTranslationsContext.Provider value={translations}>
            <I18nextProvider i18n={instance}>
              <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
            </I18nextProvider>
          </DocumentTranslationsContext.Provider>
        </DocumentHtmlContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        onShellReady() {
          if (readyEvent === "onShellReady") sendDocument();
        },
        onAllReady() {
          // Everything is rendered: nothing is left to abort. Without this the timer would keep the render (its
          // request, loader data and React's state) in memory for five seconds after the response.
          endRendering();
          if (readyEvent === "onAllReady") sendDocument();
        },
        onShellError(error: unknown) {
          endRendering();
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    if (!renderingEnded) abortTimer = setTimeout(abort, ABORT_DELAY);
  });
}

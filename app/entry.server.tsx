import { PassThrough } from "node:stream";
import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { isNotModified, pageTag } from "./conditional-get.server";
import { getLocale, i18nFor } from "./i18n/i18next.server";
import { DocumentHtmlContext } from "./ui/document-html";
import { NonceContext } from "./ui/nonce";

export { importCoursesAfterStart, startup } from "./startup.server";
export { env } from "./env.server";
export { closeDatabase } from "./db.server";
export { startJobs, stopScheduler } from "./jobs/all.server";
export { isCrossSiteWrite } from "./auth/csrf";

const ABORT_DELAY = 5_000;

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
  const instance = i18nFor(await getLocale(request));
  const nonce = loadContext?.cspNonce ?? "";
  // Crawlers and no-JS readers get the whole document at once; browsers get it streamed as soon as the shell is ready.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <DocumentHtmlContext.Provider value={loadContext?.documentOnly ?? null}>
          <I18nextProvider i18n={instance}>
            <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
          </I18nextProvider>
        </DocumentHtmlContext.Provider>
      </NonceContext.Provider>,
      {
        nonce,
        [readyEvent]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

// An enhanced form's action may answer with what its page shows next (the quiz answer returns the attempt's next
// screen), so the browser need not run the page's loaders again after it: the round trip and the server's work for
// that second request are saved. Without JavaScript the same form still posts, redirects and GETs the page.
import type { ShouldRevalidateFunction } from "@remix-run/react";

/** Marks an action result that carries its page's next data. */
export const PAGE_DATA = { carriesPageData: true } as const;

export function carriesPageData(result: unknown): boolean {
  return typeof result === "object" && result !== null && (result as { carriesPageData?: unknown }).carriesPageData === true;
}

/** For every route on the page: skip the loader after an action whose result carries the page's next data. */
export const skipAfterPageData: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  carriesPageData(actionResult) ? false : defaultShouldRevalidate;

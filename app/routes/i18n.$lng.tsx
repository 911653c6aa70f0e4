// GET /i18n/<lng>?u=<unit>,<unit>&v=<version>: the locale units a route module reached by a client-side navigation
// lacks (ADR 0031). Public, the same for everyone; immutable while the locale files are the same (v names them).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { route } from "~/http.server";
import { isLocale } from "~/i18n/config";
import { LOCALE_VERSION, translationUnits } from "~/i18n/i18next.server";
import { NotFoundError, ValidationError } from "~/errors";

const UNIT = /^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)?$/;

export const loader = route(({ request, params }: LoaderFunctionArgs) => {
  if (!isLocale(params.lng)) throw new NotFoundError();
  const url = new URL(request.url);
  const units = (url.searchParams.get("u") ?? "").split(",").filter(Boolean);
  if (units.length === 0 || units.length > 200 || !units.every((u) => UNIT.test(u))) throw new ValidationError({ u: { key: "errors.form" } });
  const current = url.searchParams.get("v") === LOCALE_VERSION;
  return new Response(JSON.stringify(translationUnits(params.lng, units)), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      // A stale version (a page open across a deploy) still gets today's strings, but they are not kept.
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
});

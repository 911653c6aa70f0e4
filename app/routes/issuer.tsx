// GET /issuer: the issuer's Open Badges Profile, which is also the controller document of its signing key. Public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { issuerProfile, publicBaseUrl } from "~/certificates/publication.server";
import { route } from "~/http.server";

export const loader = route(async (_: LoaderFunctionArgs) => ldJson(await issuerProfile(publicBaseUrl())));

function ldJson(document: object) {
  return new Response(JSON.stringify(document, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      // Verifiers run in other origins' pages; these documents are public by design.
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "public, max-age=300",
    },
  });
}

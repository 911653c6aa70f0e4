// GET /status/revocation: the signed BitstringStatusListCredential (re-signed after every revocation). Public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { publicBaseUrl, signedStatusList } from "~/certificates/publication.server";
import { route } from "~/http.server";

export const loader = route(async (_: LoaderFunctionArgs) => {
  return new Response(JSON.stringify(await signedStatusList(publicBaseUrl()), null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      // A verifier must see a revocation at once: revalidate every time.
      "Cache-Control": "no-cache",
    },
  });
});

// GET /issuer: the issuer's Open Badges Profile, which is also the controller document of its signing key. Public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { baseUrlOf, issuerProfile } from "~/certificates/publication.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return ldJson(await issuerProfile(baseUrlOf(request)));
}

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

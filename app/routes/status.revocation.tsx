// GET /status/revocation: the signed BitstringStatusListCredential (re-signed after every revocation). Public.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { baseUrlOf, signedStatusList } from "~/certificates/publication.server";

export async function loader({ request }: LoaderFunctionArgs) {
  return new Response(JSON.stringify(await signedStatusList(baseUrlOf(request)), null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Access-Control-Allow-Origin": "*",
      // A verifier must see a revocation at once: revalidate every time.
      "Cache-Control": "no-cache",
    },
  });
}

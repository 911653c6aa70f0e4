// GET /certificates/<id>/credential: the same signed credential as /credentials/<id>, as a file to save. Both URLs
// follow one rule (ADR 0007): the credential is readable by whoever has its unguessable id, so this route checks
// no more than the other; the holder reaches it from /certificates.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CertificateParams } from "~/certificates/params";
import { publicBaseUrl, signedCredential } from "~/certificates/publication.server";
import { parseParams, route } from "~/http.server";

export const loader = route(async ({ params }: LoaderFunctionArgs) => {
  const { id } = parseParams(params, CertificateParams);
  const credential = await signedCredential(id, publicBaseUrl());
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="certificate-${id}.json"`,
      "Cache-Control": "no-cache",
    },
  });
});

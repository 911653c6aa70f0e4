// GET /credentials/<id>: the signed Open Badges 3.0 credential of one certificate. A capability URL (ADR 0007): anyone
// with the unguessable id may read it, because the credential is what the holder shares; unknown ids are 404.
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
      "Access-Control-Allow-Origin": "*",
      "Cache-Control": "no-cache",
    },
  });
});

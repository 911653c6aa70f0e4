// GET /credentials/<id>: the signed Open Badges 3.0 credential of one certificate. Public (the id is unguessable and
// the credential is what the holder shares); unknown ids are 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { CertificateParams } from "~/certificates/params";
import { baseUrlOf, signedCredential } from "~/certificates/publication.server";
import { parseParams } from "~/http.server";
import { NotFoundError } from "~/errors";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { id } = parseParams(params, CertificateParams);
  try {
    const credential = await signedCredential(id, baseUrlOf(request));
    return new Response(JSON.stringify(credential, null, 2), {
      headers: {
        "Content-Type": "application/ld+json; charset=utf-8",
        "Access-Control-Allow-Origin": "*",
        "Cache-Control": "no-cache",
      },
    });
  } catch (error) {
    if (error instanceof NotFoundError) throw new Response(error.messageKey.key, { status: 404 });
    throw error;
  }
}

// GET /certificates/<id>/credential: the signed credential as a file to keep or hand to a verifier (holder or admin).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { CAN_ADMINISTER, hasRole } from "~/auth/roles";
import { assertMayDownload } from "~/certificates/certificates.server";
import { CertificateParams } from "~/certificates/params";
import { baseUrlOf, signedCredential } from "~/certificates/publication.server";
import { parseParams, throwDomainErrors } from "~/http.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { id } = parseParams(params, CertificateParams);
  await throwDomainErrors(() => assertMayDownload(id, { id: user.id, isAdmin: hasRole(user.role, CAN_ADMINISTER) }));
  const credential = await signedCredential(id, baseUrlOf(request));
  return new Response(JSON.stringify(credential, null, 2), {
    headers: {
      "Content-Type": "application/ld+json; charset=utf-8",
      "Content-Disposition": `attachment; filename="certificate-${id}.json"`,
      "Cache-Control": "private, no-store",
    },
  });
}

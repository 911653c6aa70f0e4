// GET /certificates/<id>/pdf: the printable certificate, for its holder or an admin (anyone else: 404).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/auth/guards.server";
import { CAN_ADMINISTER, hasRole } from "~/auth/roles";
import { assertMayDownload, certificatePdf } from "~/certificates/certificates.server";
import { CertificateParams } from "~/certificates/params";
import { publicBaseUrl } from "~/certificates/publication.server";
import { parseParams, route } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  const user = await requireUser(request);
  const { id } = parseParams(params, CertificateParams);
  const viewer = { id: user.id, isAdmin: hasRole(user.role, CAN_ADMINISTER) };
  await assertMayDownload(id, viewer);
  const pdf = await certificatePdf(id, viewer, { baseUrl: publicBaseUrl(), locale: await getLocale(request) });
  return new Response(Buffer.from(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="certificate-${id}.pdf"`,
      "Cache-Control": "private, no-store",
    },
  });
});

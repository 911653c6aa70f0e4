// A course version as a zip of the course folder format, the files it was published from.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { stableId } from "~/courses/format";
import { parseParams, route } from "~/http.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { versionZip } from "~/studio/zip.server";

const Params = z.object({ slug: stableId, versionId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, versionId } = parseParams(params, Params);
  const { name, bytes } = await versionZip(slug, versionId);
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
});

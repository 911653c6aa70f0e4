// A draft as a zip of the course folder format.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { parseParams, route } from "~/http.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { draftZip } from "~/studio/zip.server";

const Params = z.object({ draftId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { name, bytes } = await draftZip(parseParams(params, Params).draftId);
  return new Response(new Uint8Array(bytes), {
    headers: { "Content-Type": "application/zip", "Content-Disposition": `attachment; filename="${name}"`, "Cache-Control": "no-store" },
  });
});

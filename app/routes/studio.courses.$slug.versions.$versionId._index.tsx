// Any version of a course, to read as a learner: its lessons, compiled from the files it was published from.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { stableId } from "~/courses/format";
import { readVersionFiles } from "~/courses/versions.server";
import { NotFoundError } from "~/errors";
import { parseParams, route } from "~/http.server";
import { RandomId } from "~/ids";
import { requireStudioUser } from "~/studio/access.server";
import { lessonPaths } from "~/studio/files";

const Params = z.object({ slug: stableId, versionId: RandomId });

export const loader = route(async ({ request, params }: LoaderFunctionArgs) => {
  await requireStudioUser(request);
  const { slug, versionId } = parseParams(params, Params);
  const [first] = lessonPaths([...(await readVersionFiles(slug, versionId)).files.keys()]);
  if (!first) throw new NotFoundError();
  return redirect(`/studio/courses/${slug}/versions/${versionId}/lessons/${first}`);
});

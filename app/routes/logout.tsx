import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSession } from "~/auth/guards.server";
import { blankSessionCookie, invalidateSession } from "~/auth/session.server";
import { route } from "~/http.server";

// Logging out changes state, so it is a POST (a GET link could be triggered by any page the user visits). The body
// is not read: whatever it holds, the session ends.
export const action = route(async ({ request }: ActionFunctionArgs) => {
  const session = await getSession(request);
  if (session) await invalidateSession(session.sessionId);
  return redirect("/", { headers: { "Set-Cookie": await blankSessionCookie() } });
});

export const loader = route(() => redirect("/"));

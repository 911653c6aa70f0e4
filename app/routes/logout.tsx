import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { getSession } from "~/auth/guards.server";
import { blankSessionCookie, invalidateSession } from "~/auth/session.server";

// Logging out changes state, so it is a POST (a GET link could be triggered by any page the user visits).
export async function action({ request }: ActionFunctionArgs) {
  const session = await getSession(request);
  if (session) await invalidateSession(session.sessionId);
  return redirect("/", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export async function loader() {
  return redirect("/");
}

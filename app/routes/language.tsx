import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { z } from "zod";
import { setPreferredLanguage } from "~/auth/accounts.server";
import { getUser, safeRedirect } from "~/auth/guards.server";
import { parseForm, route, routeHeaders } from "~/http.server";
import { Language } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";

export const headers = routeHeaders;

const LanguageForm = z.object({ lng: Language, redirectTo: z.string().optional() });

export const action = route(async ({ request }: ActionFunctionArgs) => {
  const { lng, redirectTo } = await parseForm(request, LanguageForm);
  const user = await getUser(request);
  if (user) await setPreferredLanguage(user.id, lng);
  return redirect(safeRedirect(redirectTo, "/"), {
    headers: { "Set-Cookie": await languageCookie.serialize(lng) },
  });
});

export const loader = route(() => redirect("/"));

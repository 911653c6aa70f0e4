import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { setPreferredLanguage } from "~/auth/accounts.server";
import { getUser, safeRedirect } from "~/auth/guards.server";
import { isLocale } from "~/i18n/config";
import { languageCookie } from "~/i18n/i18next.server";

export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData();
  const lng = form.get("lng");
  if (!isLocale(lng)) throw new Response("errors.language.invalid", { status: 400 });
  const user = await getUser(request);
  if (user) await setPreferredLanguage(user.id, lng);
  return redirect(safeRedirect(form.get("redirectTo"), "/"), {
    headers: { "Set-Cookie": await languageCookie.serialize(lng) },
  });
}

export async function loader() {
  return redirect("/");
}

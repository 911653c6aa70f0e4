import { getFixedT } from "./i18next.server";

/** "<page> · Lexmigra" in the reader's language, for the route's meta. */
export async function pageTitle(request: Request, key: string, values?: Record<string, string>) {
  const t = await getFixedT(request);
  return t("meta.title", { page: t(key, values) });
}

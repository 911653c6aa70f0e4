import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getLiveVersion } from "~/courses/courses.server";
import { stableId } from "~/courses/format";
import { isSafeHref } from "~/courses/safe-href";
import { localize } from "~/courses/localize";
import { learnerSource } from "~/courses/sources";
import { parseParams, throwDomainErrors } from "~/http.server";
import { getLocale } from "~/i18n/i18next.server";

const Params = z.object({ slug: stableId });

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { slug } = parseParams(params, Params);
  const locale = await getLocale(request);
  const { meta } = await throwDomainErrors(() => getLiveVersion(slug));
  // Field by field in the learner's language: the stored entries also hold reviewer notes and other languages.
  return {
    slug,
    title: localize(meta.title, locale, meta.defaultLanguage),
    bibliography: meta.bibliography.map((entry) => learnerSource(entry, locale)),
  };
}

export const meta = ({ data }: { data?: { title: string } }) => [{ title: data ? `${data.title} · Lexmigra` : "Lexmigra" }];

export default function Sources() {
  const { t } = useTranslation();
  const { slug, title, bibliography } = useLoaderData<typeof loader>();
  return (
    <div>
      <p className="meta">
        <Link to={`/courses/${slug}`}>{title}</Link>
      </p>
      <h1>{t("course.sources")}</h1>
      <dl className="bibliography">
        {bibliography.map((entry) => (
          <div key={entry.key} id={entry.key}>
            <dt>
              <strong>{entry.short}</strong>
            </dt>
            <dd>
              {entry.title} ({entry.year}){entry.reference ? `, ${entry.reference}` : ""}.{" "}
              {entry.url && isSafeHref(entry.url) ? (
                <a href={entry.url} rel="noopener noreferrer">
                  {t("course.officialText")}
                </a>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

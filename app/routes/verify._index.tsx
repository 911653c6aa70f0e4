// /verify: check a credential file someone was given. Paste its JSON or upload it (multipart, size-limited); the
// answer says whether the proof, the issuer, the dates and the current status check out, and why not.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { getFormProps } from "@conform-to/react";
import { Form, useActionData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { useTranslation } from "react-i18next";
import { publicBaseUrl, verifySubmittedCredential } from "~/certificates/publication.server";
import { PayloadTooLargeError, ValidationError } from "~/errors";
import { readForm, route, routeHeaders } from "~/http.server";
import { BUDGETS, reserve } from "~/rate-limits.server";
import { pageTitle } from "~/i18n/page-title.server";
import { Field, FormError, useSchemaForm } from "~/ui/form";
import { titleMeta } from "~/ui/meta";

export const meta = titleMeta;

// Pasted text or an uploaded file: which one, and whether it is a credential, only the server can tell.
const VerifyForm = z.object({ credential: z.string().optional() });

/** A signed credential is a few kilobytes; anything much larger is not one. */
const MAX_CREDENTIAL_BYTES = 256 * 1024;

export const headers = routeHeaders;

export const loader = route(async ({ request }: LoaderFunctionArgs) => ({ title: await pageTitle(request, "verify.title") }));

export const action = route(async ({ request, context }: ActionFunctionArgs) => {
  await reserve([[BUDGETS.verifyUpload, context.clientIp]]);
  const text = await submittedText(request);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ValidationError({ credential: { key: "verify.errors.notJson" } });
  }
  const result = await verifySubmittedCredential(json, publicBaseUrl());
  const credential = json as { id?: unknown; credentialSubject?: { achievement?: { name?: unknown } } };
  return {
    ok: true as const,
    result,
    credentialId: typeof credential.id === "string" ? credential.id : null,
    courseTitle: typeof credential.credentialSubject?.achievement?.name === "string" ? credential.credentialSubject.achievement.name : null,
  };
});

async function submittedText(request: Request): Promise<string> {
  let form: FormData;
  try {
    // Multipart framing adds a little; twice the limit is a generous bound for one field plus its file, however the
    // body is sent (a chunked body has no Content-Length to trust).
    form = await readForm(request, { maxBytes: 2 * MAX_CREDENTIAL_BYTES + 16 * 1024 });
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw new ValidationError({ credential: { key: "verify.errors.tooLarge" } });
    throw error;
  }
  const file = form.get("file");
  if (file && typeof file !== "string" && file.size > 0) {
    if (file.size > MAX_CREDENTIAL_BYTES) throw new ValidationError({ credential: { key: "verify.errors.tooLarge" } });
    return await file.text();
  }
  const pasted = form.get("credential");
  if (typeof pasted === "string" && pasted.trim()) {
    if (pasted.length > MAX_CREDENTIAL_BYTES) throw new ValidationError({ credential: { key: "verify.errors.tooLarge" } });
    return pasted;
  }
  throw new ValidationError({ credential: { key: "verify.errors.empty" } });
}

const CHECKS = ["proof", "issuer", "dates", "status"] as const;
const BADGE = { valid: "badge badge--ok", expired: "badge badge--warn", revoked: "badge badge--danger" } as const;

export default function Verify() {
  const { t } = useTranslation();
  const data = useActionData<typeof action>();
  const [form, fields] = useSchemaForm(VerifyForm, { lastResult: data, id: "verify" });
  const outcome = data && "ok" in data && data.ok ? data : undefined;
  const busy = useNavigation().state === "submitting";
  return (
    <div className="page page--narrow">
      <h1>{t("verify.title")}</h1>
      <p className="lead">{t("verify.intro")}</p>
      {outcome ? (
        <section aria-labelledby="verify-result" className="card" role="status">
          <h2 id="verify-result">
            {t("verify.result.heading")}{" "}
            <span className={outcome.result.status in BADGE ? BADGE[outcome.result.status as keyof typeof BADGE] : "badge badge--danger"}>
              {t(`verify.status.${outcome.result.status}`)}
            </span>
          </h2>
          {outcome.courseTitle ? <p>{t("verify.result.course", { course: outcome.courseTitle })}</p> : null}
          <ul>
            {CHECKS.map((check) => (
              <li key={check}>
                {outcome.result.checks[check] ? "✓ " : "✗ "}
                {t(`verify.checks.${check}.${outcome.result.checks[check] ? "ok" : "failed"}`)}
              </li>
            ))}
          </ul>
          {outcome.result.reasons.length > 0 ? (
            <details>
              <summary>{t("verify.result.details")}</summary>
              <ul>
                {outcome.result.reasons.map((reason) => (
                  <li key={reason.key}>{t(reason.key, reason.values)}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </section>
      ) : null}
      <Form method="post" encType="multipart/form-data" {...getFormProps(form)}>
        <FormError form={form} />
        <Field field={fields.credential} label={t("verify.form.paste")} hint={t("verify.form.pasteHint")}>
          {(props) => <textarea {...props} rows={10} spellCheck={false} />}
        </Field>
        <div className="field">
          <label htmlFor="field-file">{t("verify.form.upload")}</label>
          <span className="hint" id="field-file-hint">
            {t("verify.form.uploadHint", { size: MAX_CREDENTIAL_BYTES / 1024 })}
          </span>
          <input id="field-file" type="file" name="file" accept=".json,.jsonld,application/json,application/ld+json" aria-describedby="field-file-hint" />
        </div>
        <button type="submit" disabled={busy}>
          {t("verify.form.submit")}
        </button>
      </Form>
    </div>
  );
}

// Every message of the outbox, rendered at send time from its kind, the recipient's language and its data (ADR 0023
// lists each kind's fields). Plain text plus accessible HTML: `lang` on the document, one real heading, the link's
// text makes sense alone ("Set your Lexmigra password", never "click here"), and the address is printed as well for
// mail readers that drop links. Reminder kinds end with an unsubscribe link; account mail never has one.
import { i18nFor } from "~/i18n/i18next.server";
import type { Locale } from "~/i18n/languages";
import type { MailKind } from "#db/schema/mail-values";
import { isReminderKind, type MailData } from "./outbox.server";

export type RenderedMail = { subject: string; text: string; html: string };

/** `YYYY-MM-DD` as a long date in the reader's language ("3 mars 2027"); a calendar day, so no time zone moves it. */
export function formatIsoDate(value: string | number, locale: Locale): string {
  const ms = typeof value === "number" ? value : Date.parse(`${value}T00:00:00Z`);
  if (Number.isNaN(ms)) return String(value);
  return new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(ms);
}

/** A moment (ms) with its time, in UTC and saying so: a message cannot know the reader's time zone. */
function formatMoment(ms: number, locale: Locale): string {
  return `${new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" }).format(ms)} UTC`;
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The values the templates interpolate, formatted for the reader. */
function templateValues(kind: MailKind, data: MailData, locale: Locale): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(data)) values[key] = String(value);
  for (const key of ["dueDate", "expiryDate"]) if (data[key] !== undefined) values[key] = formatIsoDate(data[key]!, locale);
  if (typeof data.expiresAt === "number") values.expires = formatMoment(data.expiresAt, locale);
  // Whom the greeting names: the supervisor for an escalation, otherwise the account's owner.
  values.name = String((kind === "assignment-escalation" ? data.supervisorName : (data.fullName ?? data.learnerName)) ?? "");
  return values;
}

export function renderMail(kind: MailKind, locale: Locale, data: MailData, options: { unsubscribeUrl?: string } = {}): RenderedMail {
  const t = i18nFor(locale).t;
  const raw = templateValues(kind, data, locale);
  const escaped = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, escapeHtml(v)]));
  // i18next does not escape (React does it for pages); the HTML gets escaped values, the text the raw ones.
  const line = (key: string, values: Record<string, string>) => t(`mail.${key}`, values) as string;
  const part = (name: string, values: Record<string, string>) => line(`${kind}.${name}`, values);
  const link = String(data.link ?? "");
  const reminder = isReminderKind(kind);
  const unsubscribe = reminder ? options.unsubscribeUrl : undefined;

  const subject = part("subject", raw);
  const text = [
    raw.name ? line("greeting", raw) : null,
    "",
    part("intro", raw),
    part("detail", raw),
    "",
    `${part("action", raw)}:`,
    link,
    "",
    "--",
    line("signature", raw),
    line(reminder ? "reminderFooter" : "accountFooter", raw),
    unsubscribe ? `${line("unsubscribe", raw)}: ${unsubscribe}` : null,
  ]
    .filter((l) => l !== null)
    .join("\n");

  const a = (href: string, label: string) => `<a href="${escapeHtml(href)}">${label}</a>`;
  const html = `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; color: #1a1a1a; background: #ffffff; margin: 0; padding: 24px;">
<main style="max-width: 36em;">
<h1 style="font-size: 1.5em; margin: 0 0 1em;">${escapeHtml(part("heading", raw))}</h1>
${escaped.name ? `<p>${line("greeting", escaped)}</p>\n` : ""}<p>${part("intro", escaped)}</p>
<p>${part("detail", escaped)}</p>
<p style="margin: 1.5em 0;">${a(link, `<strong>${part("action", escaped)}</strong>`)}</p>
<p style="font-size: 0.875em;">${line("linkFallback", escaped)}<br>${escapeHtml(link)}</p>
</main>
<footer style="max-width: 36em; margin-top: 2em; font-size: 0.875em; color: #444444;">
<p>${line("signature", escaped)}</p>
<p>${line(reminder ? "reminderFooter" : "accountFooter", escaped)}</p>
${unsubscribe ? `<p>${a(unsubscribe, line("unsubscribe", escaped))}</p>\n` : ""}</footer>
</body>
</html>
`;
  return { subject, text, html };
}

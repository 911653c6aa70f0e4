// The one way to show dates, times and numbers: in the reader's language AND time zone. The time zone comes from
// the browser (a `tz` cookie set by the root, Epic Stack's client-hint idea) and is UTC until the browser has said;
// times carry the zone's name, so a reader without JavaScript sees "14:05 UTC", never an unlabelled server time.
import { useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";

export const TIME_ZONE_COOKIE = "tz";
export const DEFAULT_TIME_ZONE = "UTC";

// Building an Intl formatter costs about a millisecond on the server (the zone and locale data are resolved each
// time), and the root loader and every dated line on a page asked for new ones: keep them, keyed by what they depend
// on. Bounded, since the zone comes from a cookie.
const cache = new Map<string, unknown>();
function cached<T>(key: string, build: () => T): T {
  let value = cache.get(key) as T | undefined;
  if (value === undefined) {
    if (cache.size > 1000) cache.clear();
    value = build();
    cache.set(key, value);
  }
  return value;
}

const dateTimeFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  cached(`dt|${locale}|${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options));
const numberFormat = (locale: string, options: Intl.NumberFormatOptions) =>
  cached(`n|${locale}|${JSON.stringify(options)}`, () => new Intl.NumberFormat(locale, options));

export function isTimeZone(value: unknown): value is string {
  if (typeof value !== "string" || value.length === 0 || value.length > 64) return false;
  return cached(`zone|${value}`, () => {
    try {
      new Intl.DateTimeFormat("en", { timeZone: value });
      return true;
    } catch {
      return false;
    }
  });
}

/** Sets the `tz` cookie from the browser's zone; runs inline in the document head (with the CSP nonce). */
export const TIME_ZONE_SCRIPT = `(function(){try{var z=Intl.DateTimeFormat().resolvedOptions().timeZone;if(z&&document.cookie.indexOf("${TIME_ZONE_COOKIE}="+encodeURIComponent(z))<0){document.cookie="${TIME_ZONE_COOKIE}="+encodeURIComponent(z)+"; Path=/; Max-Age=31536000; SameSite=Lax"}}catch(e){}})();`;

export type Formatters = ReturnType<typeof formatters>;

export function formatters(locale: string, timeZone: string) {
  const zone = isTimeZone(timeZone) ? timeZone : DEFAULT_TIME_ZONE;
  return {
    /** A calendar day in the reader's zone (when they did something). */
    date: (ms: number, style: "medium" | "long" = "medium") => dateTimeFormat(locale, { dateStyle: style, timeZone: zone }).format(ms),
    /** A moment in the reader's zone, with the zone's name. */
    dateTime: (ms: number) =>
      dateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short", timeZone: zone }).format(ms) +
      ` (${zoneName(locale, zone, ms)})`,
    /**
     * A certificate's dates are the same for every reader (the PDF, the credential and the public page print them in
     * UTC, as the credential's `validFrom`/`validUntil` do), so they are not moved into the reader's zone.
     */
    certificateDate: (ms: number, style: "medium" | "long" = "long") =>
      dateTimeFormat(locale, { dateStyle: style, timeZone: "UTC" }).format(ms),
    number: (value: number) => numberFormat(locale, { maximumFractionDigits: 2 }).format(value),
    /** A percentage stored as 0–100 ("85 %" in French). */
    percent: (value: number) => numberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value / 100),
  };
}

function zoneName(locale: string, zone: string, ms: number): string {
  const part = dateTimeFormat(locale, { timeZone: zone, timeZoneName: "short" }).formatToParts(ms).find((p) => p.type === "timeZoneName");
  return part?.value ?? zone;
}

/** The formatters for this page's reader (language from i18n, time zone from the root loader). */
export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  const timeZone = useRouteLoaderData<{ timeZone?: string }>("root")?.timeZone ?? DEFAULT_TIME_ZONE;
  return formatters(i18n.language, timeZone);
}

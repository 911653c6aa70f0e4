import { parse as parseCookies } from "cookie";
import { DEFAULT_TIME_ZONE, isTimeZone, TIME_ZONE_COOKIE } from "~/ui/formatters";

/** The reader's time zone as their browser reported it, or UTC (no JavaScript yet, or a value that is no zone). */
export function getTimeZone(request: Request): string {
  const value = parseCookies(request.headers.get("Cookie") ?? "")[TIME_ZONE_COOKIE];
  return isTimeZone(value) ? value : DEFAULT_TIME_ZONE;
}

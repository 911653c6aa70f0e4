// Calling route modules the way Remix does, and reading their answers whatever form they take
// (a Response, a thrown Response, or single-fetch `data()`).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import type { FormFailure } from "~/http.server";
import { decodeMessage, type Message } from "~/messages";

type RouteFn = (args: ActionFunctionArgs | LoaderFunctionArgs) => unknown;

export type RouteResult = { status: number; headers: Headers; body: unknown };

export const ORIGIN = "http://localhost:3000";

export function formRequest(path: string, fields: Record<string, string | string[]>, init: { cookie?: string } = {}) {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  const headers = new Headers({ "Content-Type": "application/x-www-form-urlencoded", Origin: ORIGIN });
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`${ORIGIN}${path}`, { method: "POST", body, headers });
}

export function getRequest(path: string, init: { cookie?: string } = {}) {
  const headers = new Headers();
  if (init.cookie) headers.set("Cookie", init.cookie);
  return new Request(`${ORIGIN}${path}`, { headers });
}

export async function call(fn: RouteFn, request: Request, params: Record<string, string> = {}, ip = "203.0.113.7"): Promise<RouteResult> {
  let outcome: unknown;
  try {
    outcome = await fn({ request, params, context: { clientIp: ip, cspNonce: "" } });
  } catch (thrown) {
    outcome = thrown;
  }
  if (outcome instanceof Response) {
    const text = await outcome.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      /* plain text body */
    }
    return { status: outcome.status, headers: outcome.headers, body };
  }
  if (outcome && typeof outcome === "object" && (outcome as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = outcome as { data: unknown; init?: ResponseInit };
    return { status: init?.status ?? 200, headers: new Headers(init?.headers), body: data };
  }
  if (outcome instanceof Error) throw outcome;
  return { status: 200, headers: new Headers(), body: outcome };
}

/** The `name=value` pair of a Set-Cookie header, ready to send back as a Cookie header. */
export function cookieFrom(result: RouteResult): string {
  const header = result.headers.get("Set-Cookie");
  if (!header) throw new Error(`no Set-Cookie in a ${result.status} answer`);
  return header.split(";")[0];
}

/**
 * A refused form's answer (Conform's SubmissionResult, see `route()`), read back into its messages: the form-wide
 * one, each field's, and the values the page puts back into the form.
 */
export function refusal(result: RouteResult): { ok: false; formError: Message; fieldErrors: Record<string, Message>; values: Record<string, unknown> } {
  const body = result.body as FormFailure;
  if (body?.status !== "error") throw new Error(`not a refused form: ${JSON.stringify(result.body)}`);
  const fieldErrors: Record<string, Message> = {};
  for (const [field, messages] of Object.entries(body.error ?? {})) {
    if (field !== "" && messages?.[0]) fieldErrors[field] = decodeMessage(messages[0]);
  }
  return { ok: false, formError: decodeMessage(body.error?.[""]?.[0] ?? ""), fieldErrors, values: body.initialValue ?? {} };
}

// The route boundary: form parsing and the mapping of domain errors to HTTP answers. Expected failures render
// the form again with a 4xx and field messages; only bugs become 500s.
import { data } from "@remix-run/node";
import type { z } from "zod";
import { DomainError, ValidationError, type FieldErrors, type Message } from "./errors";

export type FormFailure = { ok: false; formError: Message; fieldErrors: FieldErrors; values: Record<string, string> };

export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new ValidationError({}, { key: "errors.unreadableForm" });
  }
  return parseFormData(form, schema);
}

export function parseFormData<S extends z.ZodTypeAny>(form: FormData, schema: S): z.infer<S> {
  const result = schema.safeParse(formFields(form));
  if (result.success) return result.data;
  const fieldErrors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? "_form");
    fieldErrors[field] ??= { key: issue.message.startsWith("errors.") ? issue.message : "errors.invalid" };
  }
  throw new ValidationError(fieldErrors);
}

/** Values to put back into a refused form; never passwords. */
export function echoValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/**
 * Run an action's work; a ValidationError (or any expected domain error on a form) comes back as data with its
 * status so the page shows the message next to the field; NotFound and Forbidden are thrown as responses for the
 * error boundary.
 */
export async function withDomainErrors<T>(work: () => Promise<T> | T, values: Record<string, string> = {}) {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.status === 404 || error.status === 403) throw new Response(error.messageKey.key, { status: error.status });
    const headers: HeadersInit = {};
    if ("retryAfterSeconds" in error) headers["Retry-After"] = String(error.retryAfterSeconds);
    const failure: FormFailure = {
      ok: false,
      formError: error.messageKey,
      fieldErrors: error instanceof ValidationError ? error.fieldErrors : {},
      values,
    };
    return data(failure, { status: error.status, headers });
  }
}

/** For loaders: every domain error becomes an error response for the route's error boundary. */
export async function throwDomainErrors<T>(work: () => Promise<T> | T): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError) throw new Response(error.messageKey.key, { status: error.status });
    throw error;
  }
}

/** URL parameters that fail their schema name nothing that exists: 404, never 500. */
export function parseParams<S extends z.ZodTypeAny>(params: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new Response("errors.notFound", { status: 404 });
  return parsed.data;
}

/** Every field of a form, repeated names as arrays (checkbox groups). */
export function formFields(form: FormData): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string") continue;
    const existing = fields[key];
    fields[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return fields;
}

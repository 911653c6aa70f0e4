// The route boundary: reading input (forms, URL parameters, search parameters) and mapping domain errors to HTTP
// answers. Every loader and action is written `export const loader = route(async ({ request }) => …)`; expected
// failures render the page again with a 4xx and field messages, only bugs become 500s.
import { data, type ActionFunctionArgs, type HeadersFunction, type LoaderFunctionArgs } from "@remix-run/node";
import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import {
  DomainError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnsupportedMediaTypeError,
  ValidationError,
  type FieldErrors,
} from "./errors";
import { encodeMessage } from "./messages";

/**
 * A refused form as Conform's SubmissionResult: the form-wide message under "", each field's under its name (i18n
 * keys, encoded by `encodeMessage`), and what was typed (never passwords) to fill the form in again.
 */
export type FormFailure = SubmissionResult<string[]>;

function refusedForm(error: DomainError, form: FormData | undefined): FormFailure {
  const fieldErrors: FieldErrors = error instanceof ValidationError ? error.fieldErrors : {};
  return {
    status: "error",
    initialValue: echoValues(form),
    error: {
      "": [encodeMessage(error.messageKey)],
      ...Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [field, [encodeMessage(message)]])),
    },
  };
}

type RouteArgs = LoaderFunctionArgs | ActionFunctionArgs;

// The form a request carried, kept so a refused form can be shown again with what the person typed.
const formOfRequest = new WeakMap<Request, FormData>();

/**
 * The one wrapper for loaders and actions, sync or async. Domain errors become answers:
 * - NotFound (404) and Forbidden (403) always go to the error boundary;
 * - on a GET (a loader) every other domain error does too, with its status;
 * - on a POST (an action) the others come back as data with their status (400 Validation, 401, 409 Conflict,
 *   413, 415, 429 TooManyRequests with `Retry-After`) so the form is shown again with its messages.
 */
export function route<A extends RouteArgs, T>(work: (args: A) => T | Promise<T>): (args: A) => Promise<T> {
  return async (args: A) => {
    try {
      return await work(args);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const headers = new Headers();
      if (error instanceof TooManyRequestsError) headers.set("Retry-After", String(error.retryAfterSeconds));
      const isRead = args.request.method === "GET" || args.request.method === "HEAD";
      if (isRead || error.status === 404 || error.status === 403) {
        throw new Response(error.messageKey.key, { status: error.status, headers });
      }
      const failure = refusedForm(error, formOfRequest.get(args.request));
      // Typed as the route's own data: pages read a refused form with `formFailure(useActionData())`, which checks.
      return data(failure, { status: error.status, headers }) as never;
    }
  };
}

/**
 * Remix keeps only a route's cookies from its loader and action headers unless the route exports `headers`; every
 * route module exports this one so that `Retry-After` (and the error's headers) reach the client.
 */
export const routeHeaders: HeadersFunction = ({ actionHeaders, loaderHeaders, errorHeaders, parentHeaders }) => {
  const headers = new Headers(parentHeaders);
  for (const source of [loaderHeaders, actionHeaders, errorHeaders]) {
    for (const name of FORWARDED_HEADERS) {
      const value = source?.get(name);
      if (value) headers.set(name, value);
    }
  }
  return headers;
};
const FORWARDED_HEADERS = ["Retry-After"];

/** Enough for every form of the application; a signed credential upload (about 5 KB) has its own limit. */
export const MAX_FORM_BYTES = 64 * 1024;
const FORM_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data"];

/** Whether the request carries a multipart form (a file upload), judged as readForm judges the media type. */
export function isMultipartForm(request: Request): boolean {
  return (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase() === "multipart/form-data";
}

/**
 * The request's form, read at most `maxBytes` of it. Not a form (JSON, text, no type): 415. Too large, however it is
 * sent (Content-Length or chunked): 413. Unreadable (truncated multipart, broken boundary): 400.
 */
export async function readForm(request: Request, { maxBytes = MAX_FORM_BYTES } = {}): Promise<FormData> {
  const cached = formOfRequest.get(request);
  if (cached) return cached;
  const type = (request.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
  if (!FORM_TYPES.includes(type)) throw new UnsupportedMediaTypeError();
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxBytes) throw new PayloadTooLargeError();
  let form: FormData;
  if (type === "application/x-www-form-urlencoded") {
    // Every answer, start and other form without a file: read the bytes and split them as the URL standard does
    // (what Request.formData() does too), without the second Request and stream a limit around formData() costs.
    form = withoutNul(new URLSearchParams(await bodyWithin(request, maxBytes)));
  } else {
    try {
      form = withoutNul((await withBodyLimit(request, maxBytes).formData()).entries());
    } catch (error) {
      if (error instanceof PayloadTooLargeError || (error as { cause?: unknown })?.cause instanceof PayloadTooLargeError) throw new PayloadTooLargeError();
      throw new ValidationError({}, { key: "errors.unreadableForm" });
    }
  }
  formOfRequest.set(request, form);
  return form;
}

/** The whole body, refused as soon as it passes `maxBytes` (a chunked body declares no length). */
async function bodyWithin(request: Request, maxBytes: number): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      seen += read.value.byteLength;
      if (seen > maxBytes) {
        void reader.cancel();
        throw new PayloadTooLargeError();
      }
      chunks.push(read.value);
    }
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw error;
    throw new ValidationError({}, { key: "errors.unreadableForm" });
  }
  return Buffer.concat(chunks).toString("utf8");
}

// U+0000 is in no name, answer or search a person types, and PostgreSQL refuses it in text ("invalid byte sequence
// for encoding UTF8: 0x00"), which would make a stray %00 a 500 there and a stored NUL on SQLite. Every form field
// and search parameter loses it here, at the boundary, so both engines see the same text.
const NUL = /\u0000/g;

function withoutNul(fields: Iterable<[string, FormDataEntryValue]>): FormData {
  const clean = new FormData();
  for (const [key, value] of fields) {
    if (typeof value === "string") clean.append(key.replace(NUL, ""), value.replace(NUL, ""));
    else clean.append(key.replace(NUL, ""), value);
  }
  return clean;
}

/** The same request, whose body errors as soon as more than `maxBytes` arrive (a chunked body has no length). */
function withBodyLimit(request: Request, maxBytes: number): Request {
  if (!request.body) return request;
  let seen = 0;
  const limiter = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > maxBytes) controller.error(new PayloadTooLargeError());
      else controller.enqueue(chunk);
    },
  });
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body.pipeThrough(limiter),
    duplex: "half",
  } as RequestInit);
}

/** Read the form and check it against `schema`: 400 with a message per field when it does not fit. */
export async function parseForm<S extends z.ZodTypeAny>(request: Request, schema: S): Promise<z.infer<S>> {
  return parseFormData(await readForm(request), schema);
}

/**
 * The same parse the browser runs (Conform's `parseWithZod`: empty fields are absent, repeated names are arrays), so
 * a form refused on the server is refused with the same messages the browser would have shown.
 */
export function parseFormData<S extends z.ZodTypeAny>(form: FormData, schema: S): z.infer<S> {
  const submission = parseWithZod(form, { schema });
  if (submission.status === "success") return submission.value;
  const fieldErrors: FieldErrors = {};
  for (const [field, messages] of Object.entries(submission.error ?? {})) {
    const first = messages?.[0];
    if (!first) continue;
    fieldErrors[field || "_form"] = { key: /^[a-z][\w-]*(\.[\w-]+)+$/i.test(first) ? first : "errors.invalid" };
  }
  throw new ValidationError(fieldErrors);
}

/** Values to put back into a refused form; never passwords. */
function echoValues(form: FormData | undefined): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of form?.entries() ?? []) {
    if (typeof value === "string" && !/password/i.test(key)) values[key] = value;
  }
  return values;
}

/** URL parameters that fail their schema name nothing that exists: 404, never 500. */
export function parseParams<S extends z.ZodTypeAny>(params: unknown, schema: S): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/**
 * Search parameters never refuse a page: every field of a search schema has a fallback (see `SearchText`,
 * `PageNumber`, `IsoDate`), so a hand-edited URL shows the nearest sensible list.
 */
export function parseSearch<S extends z.ZodTypeAny>(request: Request, schema: S): z.infer<S> {
  const url = new URL(request.url);
  return schema.parse(Object.fromEntries([...url.searchParams].map(([key, value]) => [key.replace(NUL, ""), value.replace(NUL, "")])));
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

// Search-parameter schemas, shared by every paged or filtered list (courses, supervise, admin lists).

/** Beyond any real list; the capability clamps again to the last page it has. */
export const MAX_PAGE = 10_000;

/** `?page=`: a whole number from 1 to MAX_PAGE; anything else (negative, fractional, huge, text) is clamped or 1. */
export const PageNumber = z
  .unknown()
  .transform((value) => {
    const n = typeof value === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(value) ? Math.trunc(Number(value)) : 1;
    return Number.isFinite(n) ? Math.min(MAX_PAGE, Math.max(1, n)) : 1;
  });

/** A free-text filter: trimmed, at most 200 characters. */
export const SearchText = z
  .unknown()
  .transform((value) => (typeof value === "string" ? value.trim().slice(0, 200) : ""));

/** A `YYYY-MM-DD` date from a date input, or "" (no filter) for anything else. */
export const IsoDate = z
  .unknown()
  .transform((value) => (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)) ? value : ""));

/** One of `values`, or undefined (no filter). */
export function OneOf<const T extends readonly string[]>(values: T) {
  return z.unknown().transform((value) => values.find((v) => v === value) as T[number] | undefined);
}

export const PageQuery = z.object({ q: SearchText, page: PageNumber });

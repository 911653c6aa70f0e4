// Forms with Conform (@conform-to/react + @conform-to/zod): the same zod schema checks a form in the browser (with
// JavaScript) and on the server (always), and a refused form comes back from the server as Conform's
// SubmissionResult (built by `route()` in http.server.ts), so the messages appear next to their fields with
// `aria-invalid` and `aria-describedby` whether or not JavaScript ran. Messages are i18n keys.
import { getInputProps, getSelectProps, useForm, type FieldMetadata, type FormMetadata, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import type { Message } from "~/errors";
import { decodeMessage } from "~/messages";
import { useFormatters } from "./formatters";

/** The action data of a refused form, or undefined when the action succeeded or has not run. */
export function formFailure(actionData: unknown): SubmissionResult<string[]> | undefined {
  return actionData && typeof actionData === "object" && (actionData as SubmissionResult).status === "error"
    ? (actionData as SubmissionResult<string[]>)
    : undefined;
}

/** The form-wide message of a refused form (wrong password, too many attempts, a conflict), if any. */
export function formErrorOf(actionData: unknown): Message | undefined {
  const encoded = formFailure(actionData)?.error?.[""]?.[0];
  return encoded ? decodeMessage(encoded) : undefined;
}

/** For pages with one small form per row (no Conform state): a refused field's message… */
export function fieldErrorOf(actionData: unknown, name: string): Message | undefined {
  const encoded = formFailure(actionData)?.error?.[name]?.[0];
  return encoded ? decodeMessage(encoded) : undefined;
}

/** …and what was typed in a field of the refused form. */
export function typedValueOf(actionData: unknown, name: string): string | undefined {
  const value = formFailure(actionData)?.initialValue?.[name];
  return typeof value === "string" ? value : undefined;
}

/**
 * A domain message in the reader's language. Values named `…At` are instants (ms since the epoch) and are shown as
 * the reader's date and time, in their time zone, never as the server's clock.
 */
export function useMessage() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (message: Message | string | undefined) => {
    if (!message) return undefined;
    const { key, values } = typeof message === "string" ? decodeMessage(message) : message;
    const shown = Object.fromEntries(
      Object.entries(values ?? {}).map(([name, value]) => [name, name.endsWith("At") && typeof value === "number" ? dateTime(value) : value]),
    );
    return t(key, shown);
  };
}

/**
 * Conform's form state for `schema`: validated in the browser on blur and again on input once shown, and on the
 * server whatever the browser did. `lastResult` is the action's answer.
 */
export function useSchemaForm<S extends z.ZodTypeAny>(schema: S, options: { lastResult: unknown; id?: string; defaultValue?: Record<string, string> }) {
  return useForm<z.input<S>>({
    id: options.id,
    lastResult: formFailure(options.lastResult) ?? null,
    defaultValue: options.defaultValue as never,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
  });
}

/**
 * The form-wide message, announced (role=alert) and named by the form's `aria-describedby`. When only fields are
 * refused (in the browser, before any request), it says so, as the server's answer would.
 */
export function FormError({ form, message }: { form?: Pick<FormMetadata, "errors" | "errorId" | "allErrors">; message?: Message }) {
  const show = useMessage();
  const fieldsRefused = Object.entries(form?.allErrors ?? {}).some(([name, errors]) => name !== "" && errors.length > 0);
  const text = show(message) ?? show(form?.errors?.[0]) ?? (fieldsRefused ? show({ key: "errors.form" }) : undefined);
  if (!text) return null;
  return (
    <p className="form-error" role="alert" id={form?.errorId ?? "form-error"}>
      {text}
    </p>
  );
}

// Any field of any form: the components read only its id, name, errors and initial value.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyField = FieldMetadata<any, any, string[]>;

export function FieldError({ field }: { field: Pick<AnyField, "errors" | "errorId"> }) {
  const show = useMessage();
  const text = show(field.errors?.[0]);
  return text ? (
    <span className="error" id={field.errorId}>
      {text}
    </span>
  ) : null;
}

type FieldProps = {
  field: AnyField;
  label: string;
  hint?: string;
  type?: "text" | "email" | "password" | "search";
  autoComplete?: string;
  required?: boolean;
  /** A control other than a text input (select, textarea), given the props that tie it to its label and messages. */
  children?: (props: Omit<ReturnType<typeof getSelectProps>, "key">) => ReactNode;
};

/** A labelled control whose hint and error are announced with it (WCAG 1.3.1, 3.3.1, 3.3.2). */
export function Field({ field, label, hint, type = "text", autoComplete, required, children }: FieldProps) {
  const hintId = hint ? `${field.id}-hint` : undefined;
  const props = getInputProps(field, { type, ariaDescribedBy: hintId });
  return (
    <div className="field">
      <label htmlFor={field.id}>{label}</label>
      {hint ? (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      ) : null}
      {children ? (
        children(withoutKey(getSelectProps(field, { ariaDescribedBy: hintId })))
      ) : (
        <input {...withoutKey(props)} key={props.key} autoComplete={autoComplete} required={required} />
      )}
      <FieldError field={field} />
    </div>
  );
}

/** Conform's props carry a React `key`, which must be passed on its own, not spread. */
export function withoutKey<P extends { key?: unknown }>(props: P): Omit<P, "key"> {
  const { key: _key, ...rest } = props;
  return rest;
}

import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Message } from "~/errors";
import { useFormatters } from "./formatters";
import type { FormFailure } from "~/http.server";

/** The action data of a refused form, or undefined when the action succeeded or has not run. */
export function formFailure(actionData: unknown): FormFailure | undefined {
  return actionData && typeof actionData === "object" && (actionData as FormFailure).ok === false
    ? (actionData as FormFailure)
    : undefined;
}

/**
 * A domain message in the reader's language. Values named `…At` are instants (ms since the epoch) and are shown as
 * the reader's date and time, in their time zone, never as the server's clock.
 */
export function useMessage() {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  return (message: Message | undefined) => {
    if (!message) return undefined;
    const values = Object.fromEntries(
      Object.entries(message.values ?? {}).map(([name, value]) => [name, name.endsWith("At") && typeof value === "number" ? dateTime(value) : value]),
    );
    return t(message.key, values);
  };
}

export function FormError({ failure }: { failure: FormFailure | undefined }) {
  const message = useMessage();
  if (!failure) return null;
  return (
    <p className="form-error" role="alert" id="form-error">
      {message(failure.formError)}
    </p>
  );
}

type FieldProps = {
  name: string;
  label: string;
  failure?: FormFailure;
  hint?: string;
  children?: (props: { id: string; "aria-invalid"?: true; "aria-describedby"?: string; defaultValue?: string }) => ReactNode;
  type?: "text" | "email" | "password" | "search";
  autoComplete?: string;
  required?: boolean;
  defaultValue?: string;
};

/** A labelled control whose hint and error are announced with it (WCAG 1.3.1, 3.3.1, 3.3.2). */
export function Field({ name, label, failure, hint, children, type = "text", autoComplete, required, defaultValue }: FieldProps) {
  const message = useMessage();
  const id = `field-${name}`;
  const error = message(failure?.fieldErrors[name]);
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  const controlProps = {
    id,
    "aria-invalid": error ? (true as const) : undefined,
    "aria-describedby": describedBy,
    defaultValue: failure?.values[name] ?? defaultValue,
  };
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {children ? (
        children(controlProps)
      ) : (
        <input {...controlProps} name={name} type={type} autoComplete={autoComplete} required={required} />
      )}
      {error ? (
        <span className="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
    </div>
  );
}

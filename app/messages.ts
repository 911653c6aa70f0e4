// A domain message (an i18n key with values) travels inside Conform's SubmissionResult, whose errors are strings: a
// bare key when it has no values, else the message as JSON. Decoding never throws: anything else is shown as a key.
import type { Message } from "./errors";

export type { Message };

export function encodeMessage(message: Message): string {
  return message.values && Object.keys(message.values).length > 0 ? JSON.stringify(message) : message.key;
}

export function decodeMessage(encoded: string): Message {
  if (!encoded.startsWith("{")) return { key: encoded };
  try {
    const parsed = JSON.parse(encoded) as Partial<Message>;
    return typeof parsed.key === "string" ? { key: parsed.key, values: parsed.values } : { key: "errors.invalid" };
  } catch {
    return { key: "errors.invalid" };
  }
}

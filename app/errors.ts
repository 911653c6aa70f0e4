// Domain errors thrown by capabilities and by input parsing; the route boundary (`route()` in http.server.ts) turns
// them into HTTP answers.
// Messages are i18n keys (with values) so the same error reads right in every language.

export type Message = { key: string; values?: Record<string, string | number> };
export type FieldErrors = Record<string, Message>;

export class DomainError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: Message,
  ) {
    super(messageKey.key);
  }
}

export class ValidationError extends DomainError {
  constructor(
    readonly fieldErrors: FieldErrors,
    message: Message = { key: "errors.form" },
  ) {
    super(400, message);
  }
}
export class NotFoundError extends DomainError {
  constructor(message: Message = { key: "errors.notFound" }) {
    super(404, message);
  }
}
export class ForbiddenError extends DomainError {
  constructor(message: Message = { key: "errors.forbidden" }) {
    super(403, message);
  }
}
export class ConflictError extends DomainError {
  constructor(message: Message) {
    super(409, message);
  }
}
export class TooManyRequestsError extends DomainError {
  constructor(
    message: Message,
    readonly retryAfterSeconds: number,
  ) {
    super(429, message);
  }
}

/** The request's body is too large to be a form of this application. */
export class PayloadTooLargeError extends DomainError {
  constructor(message: Message = { key: "errors.tooLarge" }) {
    super(413, message);
  }
}
/** The request's body is not a form (JSON, plain text, no content type). */
export class UnsupportedMediaTypeError extends DomainError {
  constructor(message: Message = { key: "errors.notAForm" }) {
    super(415, message);
  }
}
/** Wrong email or password; the same answer whether or not the account exists. */
export class UnauthorizedError extends DomainError {
  constructor(message: Message) {
    super(401, message);
  }
}

// The language field of forms, apart from ./languages.ts so that zod stays out of the root route's client chunk.
import { z } from "zod";
import { SUPPORTED_LANGUAGES } from "./languages";

/** A supported language, from a form or a file; any other value is "errors.language.invalid". */
export const Language = z.enum(SUPPORTED_LANGUAGES, { errorMap: () => ({ message: "errors.language.invalid" }) });

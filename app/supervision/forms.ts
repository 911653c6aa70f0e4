// The unit forms' schemas, shared by the server (which always checks) and the browser (Conform). Messages are i18n
// keys under `units.errors`.
import { z } from "zod";
import { PROFILES } from "#db/schema/account-values";
import { Language } from "~/i18n/language-field";
import { RandomId } from "~/ids";
import { UNIT_NAME_MAX, UNIT_PATH_SEPARATOR } from "./tree";

export const UnitName = z
  .string({ required_error: "units.errors.name.required" })
  .trim()
  .min(1, "units.errors.name.required")
  .max(UNIT_NAME_MAX, "units.errors.name.tooLong")
  .refine((name) => !name.includes(UNIT_PATH_SEPARATOR), "units.errors.name.separator");

/** "" (absent, as Conform reads an empty select) is the top level. */
const ParentId = z
  .string()
  .regex(/^[a-z2-7]{32}$/, "units.errors.unknownUnit")
  .optional()
  .transform((value) => value ?? null);

export const CreateUnitForm = z.object({ intent: z.literal("create"), name: UnitName, parentId: ParentId });
export const RenameUnitForm = z.object({ intent: z.literal("rename"), name: UnitName });
export const MoveUnitForm = z.object({ intent: z.literal("move"), parentId: ParentId });
export const DeleteUnitForm = z.object({ intent: z.literal("delete") });

const email = z
  .string({ required_error: "errors.email.required" })
  .trim()
  .toLowerCase()
  .min(1, "errors.email.required")
  .max(254, "errors.email.invalid")
  .email("errors.email.invalid");

export const AddSupervisorForm = z.object({ intent: z.literal("add-supervisor"), email });
export const RemoveSupervisorForm = z.object({ intent: z.literal("remove-supervisor"), userId: RandomId });
/** One address per line (or separated by commas, semicolons or spaces). */
export const AddMembersForm = z.object({
  intent: z.literal("add-members"),
  emails: z.string({ required_error: "units.errors.emails.required" }).trim().min(1, "units.errors.emails.required").max(20_000, "units.errors.emails.tooMany"),
});
export const RemoveMemberForm = z.object({ intent: z.literal("remove-member"), userId: RandomId });
export const SettleRequestForm = z.object({
  intent: z.enum(["approve-request", "dismiss-request"]),
  unitId: RandomId,
  userId: RandomId,
});

/** The addresses of a pasted list, in order, each once. */
export function splitAddresses(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((e) => e.trim().toLowerCase()).filter(Boolean))];
}

/** A person's details as a supervisor or admin edits them (/supervise/people/<id>). */
export const PersonForm = z.object({
  intent: z.literal("update"),
  fullName: z
    .string({ required_error: "errors.fullName.required" })
    .trim()
    .min(2, "errors.fullName.required")
    .max(120, "errors.fullName.tooLong"),
  email,
  profile: z.enum(PROFILES, { errorMap: () => ({ message: "errors.profile.invalid" }) }),
  preferredLanguage: Language,
});
export const PersonActionForm = z.object({ intent: z.enum(["deactivate", "reactivate", "send-invitation", "send-reset"]) });

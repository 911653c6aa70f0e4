// Studio drafts (issue 13, ADR 0026): a course being written, held as the same file map every door gives the
// compiler (ADR 0017). This module owns the drafts tables; the editors and the workflow use these functions.
// Optimistic concurrency: each file carries a revision; a save names the revision it was made from, and a stale one
// is refused with both texts, so two people never overwrite each other silently.
import { and, desc, eq, inArray, notInArray, sql } from "drizzle-orm";
import { actorsOf, recordAudit } from "~/audit.server";
import { createHash } from "node:crypto";
import { classifyFile, type CourseFiles, IMAGE_EXTENSION, isHidden, type MediaType } from "~/courses/course-files.server";
import { db, transaction, type Tx } from "~/db.server";
import { ConflictError, NotFoundError, ValidationError } from "~/errors";
import { randomId } from "~/ids.server";
import { type DraftState } from "#db/schema/studio";
import { courseDrafts, draftFiles } from "#db/tables/studio";

export type Draft = typeof courseDrafts.$inferSelect;

/** States in which a draft's files may still change (an edit sends a submitted or approved draft back to draft). */
export const OPEN_STATES: readonly DraftState[] = ["draft", "submitted", "approved"];

/** The second save of the same file, from a stale revision: both texts, so the person can merge, nothing lost. */
export class DraftFileConflictError extends ConflictError {
  constructor(
    readonly path: string,
    readonly current: { text: string | null; revision: number } | null,
  ) {
    super({ key: "studio.conflict.message" });
  }
}

export type DraftFileEntry = { path: string; kind: "text" | "media"; size: number; revision: number; updatedAt: number; updatedBy: string | null };

// A path inside a course folder: what the zip reader also accepts (no `..`, no absolute path, no backslash, no
// hidden segment), so a draft can always be exported and read back.
const PATH_PATTERN = /^(?:[A-Za-z0-9_][A-Za-z0-9_.-]*\/)*[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export function isDraftPath(path: string): boolean {
  return path.length <= 200 && PATH_PATTERN.test(path) && !isHidden(path) && !path.split("/").some((s) => s === "." || s === "..");
}

export async function createDraft(
  input: {
    courseSlug: string;
    baseVersionId: string | null;
    files: Pick<CourseFiles, "files" | "media">;
    actorId: string | null;
    isConflict?: boolean;
    diskHash?: string | null;
    changeNote?: string;
    audit?: { action: "draft.created" | "draft.restored"; details: Record<string, unknown> };
  },
  now = Date.now(),
): Promise<string> {
  return transaction((tx) => createDraftIn(tx, input, now));
}

export async function createDraftIn(
  tx: Tx,
  input: Parameters<typeof createDraft>[0],
  now = Date.now(),
): Promise<string> {
  const id = randomId();
  await tx.insert(courseDrafts).values({
    id,
    courseSlug: input.courseSlug,
    baseVersionId: input.baseVersionId,
    isConflict: input.isConflict ?? false,
    diskHash: input.diskHash ?? null,
    changeNote: input.changeNote ?? "",
    createdBy: input.actorId,
    createdAt: now,
    updatedBy: input.actorId,
    updatedAt: now,
  });
  const rows = [
    ...[...input.files.files].map(([path, text]) => ({ draftId: id, path, text, bytes: null, updatedBy: input.actorId, updatedAt: now })),
    ...[...input.files.media].map(([path, bytes]) => ({
      draftId: id,
      path,
      text: null,
      bytes: Buffer.from(bytes),
      updatedBy: input.actorId,
      updatedAt: now,
    })),
  ];
  for (let start = 0; start < rows.length; start += 100) await tx.insert(draftFiles).values(rows.slice(start, start + 100));
  await recordAudit(tx, {
    actorId: input.actorId,
    action: input.audit?.action ?? "draft.created",
    subject: id,
    details: { course: input.courseSlug, baseVersionId: input.baseVersionId, isConflict: input.isConflict ?? false, ...input.audit?.details },
    at: now,
  });
  return id;
}

export async function getDraft(id: string): Promise<Draft> {
  const [draft] = await db.select().from(courseDrafts).where(eq(courseDrafts.id, id)).limit(1);
  if (!draft) throw new NotFoundError();
  return draft;
}

/** Drafts still in the workflow (not published nor archived), newest first; all courses or one. */
export async function listOpenDrafts(courseSlug?: string): Promise<Draft[]> {
  return db
    .select()
    .from(courseDrafts)
    .where(and(inArray(courseDrafts.state, [...OPEN_STATES]), courseSlug ? eq(courseDrafts.courseSlug, courseSlug) : undefined))
    .orderBy(desc(courseDrafts.updatedAt), desc(courseDrafts.id));
}

/** The draft's files as the map the compiler reads (folder = the course slug, so slug mismatches are reported). */
export async function readDraftFiles(draftId: string): Promise<CourseFiles> {
  const draft = await getDraft(draftId);
  const rows = await db.select().from(draftFiles).where(eq(draftFiles.draftId, draftId));
  const files = new Map<string, string>();
  const media = new Map<string, Uint8Array>();
  for (const row of rows.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    if (row.text !== null) files.set(row.path, row.text);
    else if (row.bytes) media.set(row.path, new Uint8Array(row.bytes));
  }
  return { folder: draft.courseSlug, files, media };
}

export async function listDraftFiles(draftId: string): Promise<DraftFileEntry[]> {
  const rows = await db
    .select({
      path: draftFiles.path,
      textSize: sql<number | null>`length(${draftFiles.text})`,
      bytesSize: sql<number | null>`length(${draftFiles.bytes})`,
      revision: draftFiles.revision,
      updatedAt: draftFiles.updatedAt,
      updatedBy: draftFiles.updatedBy,
    })
    .from(draftFiles)
    .where(eq(draftFiles.draftId, draftId));
  return rows
    .map((row) => ({
      path: row.path,
      kind: row.textSize !== null ? ("text" as const) : ("media" as const),
      size: Number(row.textSize ?? row.bytesSize ?? 0),
      revision: row.revision,
      updatedAt: row.updatedAt,
      updatedBy: row.updatedBy,
    }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export async function readDraftFile(draftId: string, path: string): Promise<{ path: string; text: string | null; bytes: Uint8Array | null; revision: number }> {
  const [row] = await db
    .select()
    .from(draftFiles)
    .where(and(eq(draftFiles.draftId, draftId), eq(draftFiles.path, path)))
    .limit(1);
  if (!row) throw new NotFoundError();
  return { path: row.path, text: row.text, bytes: row.bytes ? new Uint8Array(row.bytes) : null, revision: row.revision };
}

async function currentFile(tx: Tx, draftId: string, path: string) {
  const [row] = await tx
    .select({ text: draftFiles.text, revision: draftFiles.revision })
    .from(draftFiles)
    .where(and(eq(draftFiles.draftId, draftId), eq(draftFiles.path, path)))
    .limit(1);
  return row ?? null;
}

/**
 * Locks the draft for a change of its files: refuses a draft that left the workflow, and sends a submitted or
 * approved one back to draft, so an approval always covers exactly the content it saw.
 */
async function openForChange(tx: Tx, draftId: string, actorId: string, now: number) {
  const [draft] = await tx
    .update(courseDrafts)
    .set({
      state: "draft",
      revision: sql`${courseDrafts.revision} + 1`,
      updatedBy: actorId,
      updatedAt: now,
      submittedBy: null,
      submittedAt: null,
      approvedBy: null,
      approvedAt: null,
      approvalNote: null,
    })
    .where(and(eq(courseDrafts.id, draftId), inArray(courseDrafts.state, [...OPEN_STATES])))
    .returning({ id: courseDrafts.id });
  if (!draft) {
    await getDraft(draftId); // 404 when there is no such draft
    throw new ConflictError({ key: "studio.errors.closed" });
  }
}

export type FileContent = { text: string } | { bytes: Uint8Array };

function checkedContent(path: string, content: FileContent): { text: string | null; bytes: Buffer | null } {
  if (!isDraftPath(path)) throw new ValidationError({ path: { key: "studio.errors.path" } });
  if ("text" in content) {
    // The same judgement as every door: text without NUL bytes (the route boundary drops NULs already).
    if (content.text.includes("\0")) throw new ValidationError({ text: { key: "studio.errors.notText" } });
    return { text: content.text, bytes: null };
  }
  const classified = classifyFile(path, content.bytes);
  if (classified.kind !== "media") throw new ValidationError({ file: { key: "studio.errors.notImage" } });
  return { text: null, bytes: Buffer.from(classified.bytes) };
}

/**
 * Saves one file of a draft. `expectedRevision` is the revision the editor started from (0: a new file). A stale
 * revision, or a new file whose path is taken, throws DraftFileConflictError with the current text.
 */
export async function saveDraftFile(
  input: {
    draftId: string;
    path: string;
    content: FileContent;
    expectedRevision: number;
    actorId: string;
    /** What the save did, beyond changing the file (a question deleted or moved), for the audit record. */
    auditDetails?: Record<string, unknown>;
  },
  now = Date.now(),
): Promise<{ revision: number }> {
  const value = checkedContent(input.path, input.content);
  return transaction(async (tx) => {
    await openForChange(tx, input.draftId, input.actorId, now);
    return saveIn(tx, { ...input, value }, now);
  });
}

/**
 * Saves several text files of a draft together, each under its own revision check: all or none (a question moved
 * in a quiz and in its translations, which must keep the original's order).
 */
export async function saveDraftFiles(
  input: { draftId: string; files: Array<{ path: string; text: string; expectedRevision: number }>; actorId: string; auditDetails?: Record<string, unknown> },
  now = Date.now(),
): Promise<void> {
  const files = input.files.map((file) => ({ ...file, value: checkedContent(file.path, { text: file.text }) }));
  await transaction(async (tx) => {
    await openForChange(tx, input.draftId, input.actorId, now);
    for (const file of files) {
      await saveIn(tx, { draftId: input.draftId, actorId: input.actorId, auditDetails: input.auditDetails, ...file }, now);
    }
  });
}

async function saveIn(
  tx: Tx,
  input: { draftId: string; path: string; value: { text: string | null; bytes: Buffer | null }; expectedRevision: number; actorId: string; auditDetails?: Record<string, unknown> },
  now: number,
): Promise<{ revision: number }> {
  const { value } = input;
  const saved =
    input.expectedRevision === 0
      ? await tx
          .insert(draftFiles)
          .values({ draftId: input.draftId, path: input.path, ...value, revision: 1, updatedBy: input.actorId, updatedAt: now })
          .onConflictDoNothing()
          .returning({ revision: draftFiles.revision })
      : await tx
          .update(draftFiles)
          .set({ ...value, revision: sql`${draftFiles.revision} + 1`, updatedBy: input.actorId, updatedAt: now })
          .where(
            and(
              eq(draftFiles.draftId, input.draftId),
              eq(draftFiles.path, input.path),
              eq(draftFiles.revision, input.expectedRevision),
            ),
          )
          .returning({ revision: draftFiles.revision });
  if (saved.length === 0) throw new DraftFileConflictError(input.path, await currentFile(tx, input.draftId, input.path));
  await recordAudit(tx, {
    actorId: input.actorId,
    action: "draft.file-saved",
    subject: input.draftId,
    details: { path: input.path, revision: saved[0]!.revision, ...input.auditDetails },
    at: now,
  });
  return { revision: saved[0]!.revision };
}

export async function deleteDraftFile(
  input: { draftId: string; path: string; expectedRevision: number; actorId: string },
  now = Date.now(),
): Promise<void> {
  await transaction(async (tx) => {
    await openForChange(tx, input.draftId, input.actorId, now);
    const deleted = await tx
      .delete(draftFiles)
      .where(and(eq(draftFiles.draftId, input.draftId), eq(draftFiles.path, input.path), eq(draftFiles.revision, input.expectedRevision)))
      .returning({ path: draftFiles.path });
    if (deleted.length === 0) throw new DraftFileConflictError(input.path, await currentFile(tx, input.draftId, input.path));
    await recordAudit(tx, { actorId: input.actorId, action: "draft.file-deleted", subject: input.draftId, details: { path: input.path }, at: now });
  });
}

/**
 * Renames files of a draft together (a module or lesson moved: ./files.ts reorderRenames), all or none; a file
 * that is gone or a name that is taken is a conflict, and nothing changes.
 */
export async function renameDraftFiles(
  input: { draftId: string; renames: Map<string, string>; actorId: string; auditDetails?: Record<string, unknown> },
  now = Date.now(),
): Promise<void> {
  await transaction(async (tx) => {
    await openForChange(tx, input.draftId, input.actorId, now);
    const present = new Set(
      (await tx.select({ path: draftFiles.path }).from(draftFiles).where(eq(draftFiles.draftId, input.draftId))).map((row) => row.path),
    );
    for (const [from, to] of input.renames) {
      if (!present.has(from) || (present.has(to) && !input.renames.has(to))) throw new ConflictError({ key: "studio.errors.moveConflict" });
    }
    for (const [from, to] of input.renames) {
      await tx
        .update(draftFiles)
        .set({ path: to, revision: sql`${draftFiles.revision} + 1`, updatedBy: input.actorId, updatedAt: now })
        .where(and(eq(draftFiles.draftId, input.draftId), eq(draftFiles.path, from)));
    }
    await recordAudit(tx, {
      actorId: input.actorId,
      action: "draft.files-moved",
      subject: input.draftId,
      details: { moves: [...input.renames].map(([from, to]) => ({ from, to })), ...input.auditDetails },
      at: now,
    });
  });
}

/** Everyone who wrote any of the draft's content (audit trail): none of them may approve it (four eyes). */
export async function draftAuthors(q: Tx, draftId: string): Promise<Set<string>> {
  const actors = await actorsOf(q, draftId, ["draft.created", "draft.restored", "draft.file-saved", "draft.file-deleted", "draft.files-moved"]);
  return new Set(actors);
}

/** An open conflict draft already holding this folder's content (ADR 0018: one per disk change, not one per start). */
export async function conflictDraftFor(courseSlug: string, diskHash: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: courseDrafts.id })
    .from(courseDrafts)
    .where(and(eq(courseDrafts.courseSlug, courseSlug), eq(courseDrafts.diskHash, diskHash), notInArray(courseDrafts.state, ["published"])))
    .limit(1);
  return row?.id;
}

/** Adds several new files at once (a module with its lesson and quiz): all or none; a taken path is a conflict. */
export async function addDraftFiles(
  input: { draftId: string; files: ReadonlyMap<string, string>; actorId: string },
  now = Date.now(),
): Promise<void> {
  for (const [path, text] of input.files) checkedContent(path, { text });
  await transaction(async (tx) => {
    await openForChange(tx, input.draftId, input.actorId, now);
    for (const [path, text] of input.files) {
      const added = await tx
        .insert(draftFiles)
        .values({ draftId: input.draftId, path, text, bytes: null, revision: 1, updatedBy: input.actorId, updatedAt: now })
        .onConflictDoNothing()
        .returning({ path: draftFiles.path });
      if (added.length === 0) throw new DraftFileConflictError(path, await currentFile(tx, input.draftId, path));
      await recordAudit(tx, { actorId: input.actorId, action: "draft.file-saved", subject: input.draftId, details: { path, revision: 1 }, at: now });
    }
  });
}

/**
 * An image of an open draft of `courseSlug` whose bytes hash to `sha256`, for the lesson preview: the compiler names
 * an image by its hash under the course's media URL, which otherwise serves the live version's images only. The
 * type is read from the content's signature and must match `extension`.
 */
export async function openDraftImage(courseSlug: string, sha256: string, extension: string): Promise<{ contentType: MediaType; bytes: Uint8Array } | undefined> {
  const rows = await db
    .select({ path: draftFiles.path, bytes: draftFiles.bytes })
    .from(draftFiles)
    .innerJoin(courseDrafts, eq(courseDrafts.id, draftFiles.draftId))
    .where(and(eq(courseDrafts.courseSlug, courseSlug), inArray(courseDrafts.state, [...OPEN_STATES]), sql`${draftFiles.bytes} is not null`));
  for (const row of rows) {
    const bytes = new Uint8Array(row.bytes!);
    if (createHash("sha256").update(bytes).digest("hex") !== sha256) continue;
    const classified = classifyFile(row.path, bytes);
    if (classified.kind === "media" && IMAGE_EXTENSION[classified.type] === extension) return { contentType: classified.type, bytes };
  }
  return undefined;
}

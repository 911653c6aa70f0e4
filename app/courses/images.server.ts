// Lesson images: confirming their type by content (file-type) and serving them to readers of the version that
// shows them (courses/README.md, Images; ADR 0027).
import { and, eq } from "drizzle-orm";
import { fileTypeFromBuffer } from "file-type";
import { db } from "~/db.server";
import { NotFoundError } from "~/errors";
import { courseImages, courseVersionImages, courses } from "#db/tables/courses";
import { IMAGE_EXTENSION, type MediaType } from "./course-files.server";

const ACCEPTED = new Set<string>(Object.keys(IMAGE_EXTENSION));

/**
 * The image type file-type finds in the bytes (it parses past the signature: chunk layout, RIFF form type), or
 * undefined for anything that is not a PNG, JPEG or WebP image. The extension is never consulted.
 */
export async function sniffImageType(bytes: Uint8Array): Promise<MediaType | undefined> {
  const found = await fileTypeFromBuffer(bytes);
  return found && ACCEPTED.has(found.mime) ? (found.mime as MediaType) : undefined;
}

/** `file: message` for every image whose content file-type does not recognise as the type the compiler gave it. */
export async function confirmImageTypes(images: { path: string; type: MediaType; bytes: Uint8Array }[]): Promise<string[]> {
  const problems: string[] = [];
  for (const image of images) {
    const sniffed = await sniffImageType(image.bytes);
    if (sniffed !== image.type) {
      problems.push(`${image.path}: not a valid ${image.type.slice("image/".length).toUpperCase()} image (content check)`);
    }
  }
  return problems;
}

const HASH_FILE = /^([0-9a-f]{64})\.(png|jpg|webp)$/;

/** `<sha256>.<ext>` as lesson HTML names an image, or undefined (a 404 for the route). */
export function parseImageFile(file: string): { sha256: string; extension: string } | undefined {
  const match = HASH_FILE.exec(file);
  return match ? { sha256: match[1], extension: match[2] } : undefined;
}

/**
 * An image of the live version of `slug` (the version lesson pages show). Whether the asker may read that course
 * is the caller's check; anything not shown by the live version is NotFound, whoever asks.
 */
export async function liveCourseImage(slug: string, sha256: string, extension: string) {
  const [row] = await db
    .select({ contentType: courseImages.contentType, bytes: courseImages.bytes })
    .from(courses)
    .innerJoin(courseVersionImages, and(eq(courseVersionImages.versionId, courses.liveVersionId), eq(courseVersionImages.sha256, sha256)))
    .innerJoin(courseImages, eq(courseImages.sha256, courseVersionImages.sha256))
    .where(eq(courses.slug, slug))
    .limit(1);
  if (!row || IMAGE_EXTENSION[row.contentType as MediaType] !== extension) throw new NotFoundError();
  return { contentType: row.contentType as MediaType, bytes: row.bytes };
}

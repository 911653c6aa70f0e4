// The zip door: a course as a zip of its folder (courses/README.md, Zip archives), both ways. Reading an upload
// is the dangerous direction, so everything an archive says about itself is distrusted: sizes are counted while
// inflating, names are checked before anything is kept, and the first problem refuses the whole archive. Nothing
// is ever written to disk here; what comes out is a CourseFiles map for the compiler.
import type { Readable } from "node:stream";
import yauzl from "yauzl";
import yazl from "yazl";
import { classifyFile, type CourseFiles, isHidden, sortedPaths } from "./course-files.server";

export type ZipLimits = {
  /** Size of the uploaded archive itself. */
  maxArchiveBytes: number;
  /** Entries in the archive, folders included. */
  maxEntries: number;
  /** Inflated size of one file. */
  maxEntryBytes: number;
  /** Inflated size of all files together. */
  maxTotalBytes: number;
  /**
   * Inflated bytes per archive byte, for the whole archive and for each entry (per entry over at least 1 KiB of
   * compressed data, so that a tiny, very regular file is not mistaken for a bomb). Course text compresses about
   * 3-6 times; zip bombs reach a thousand times and more.
   */
  maxRatio: number;
};

// Every shipped course is under 600 KB of text; the margins leave room for images once lessons can show them.
export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxArchiveBytes: 20 * 1024 * 1024,
  maxEntries: 2000,
  maxEntryBytes: 5 * 1024 * 1024,
  maxTotalBytes: 50 * 1024 * 1024,
  maxRatio: 100,
};

/** An archive refused as a whole; `message` is meant for the person who uploaded it. */
export class CourseArchiveError extends Error {
  override name = "CourseArchiveError";
}

const MiB = (bytes: number) => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`;

// `__MACOSX/` holds the resource forks that macOS's "Compress" adds to every archive: litter, like hidden files.
const isLitter = (path: string) => isHidden(path) || path.split("/")[0] === "__MACOSX";

export async function readCourseZip(archive: Uint8Array, limits: Partial<ZipLimits> = {}): Promise<CourseFiles> {
  const limit = { ...DEFAULT_ZIP_LIMITS, ...limits };
  if (archive.length > limit.maxArchiveBytes) {
    throw new CourseArchiveError(`archive is ${MiB(archive.length)}; the limit is ${MiB(limit.maxArchiveBytes)}`);
  }
  let zip: yauzl.ZipFile;
  try {
    // decodeStrings off: names are decoded and checked below, with messages of our own and no silent rewriting
    // of backslashes; validateEntrySizes on: an entry that inflates beyond its declared size is an error.
    zip = await yauzl.fromBufferPromise(Buffer.from(archive.buffer, archive.byteOffset, archive.length), {
      lazyEntries: true,
      decodeStrings: false,
      validateEntrySizes: true,
    });
  } catch (error) {
    throw new CourseArchiveError(`not a readable zip archive (${(error as Error).message})`);
  }

  const read = new Map<string, Uint8Array>();
  const seen = new Map<string, string>();
  let entries = 0;
  let total = 0;
  try {
    for await (const entry of zip.eachEntry()) {
      entries += 1;
      if (entries > limit.maxEntries) throw new CourseArchiveError(`archive has more than ${limit.maxEntries} entries`);
      const name = entryName(entry);
      const isFolder = name.endsWith("/");
      const path = isFolder ? name.slice(0, -1) : name;
      const folded = path.toLowerCase();
      const earlier = seen.get(folded);
      if (earlier !== undefined) {
        // Two names that differ only in case are one file on Windows and macOS: which one wins would be an accident.
        throw new CourseArchiveError(
          earlier === path ? `"${path}" appears twice in the archive` : `"${path}" and "${earlier}" differ only in letter case`,
        );
      }
      seen.set(folded, path);
      const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
      if (mode === 0o120000) throw new CourseArchiveError(`"${path}" is a symbolic link; a course holds plain files only`);
      if (isFolder || isLitter(path)) continue;
      if (mode !== 0 && mode !== 0o100000) throw new CourseArchiveError(`"${path}" is not a regular file`);
      if (entry.isEncrypted()) throw new CourseArchiveError(`"${path}" is encrypted`);
      if (!entry.canDecodeFileData()) {
        throw new CourseArchiveError(`"${path}" uses compression method ${entry.compressionMethod}; use deflate or none`);
      }
      const bytes = await inflate(zip, entry, path, limit, () => total, (count) => (total += count), archive.length);
      read.set(path, bytes);
    }
  } catch (error) {
    zip.close();
    if (error instanceof CourseArchiveError) throw error;
    throw new CourseArchiveError(`damaged archive (${(error as Error).message})`);
  }

  return toCourseFiles(read);
}

/** The entry's name, refused unless it is a plain relative path that stays inside the course folder. */
function entryName(entry: yauzl.Entry): string {
  // strictFileNames: keep backslashes as written, so that they are refused rather than turned into folders.
  const name = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
  const shown = JSON.stringify(name);
  if (name === "" || name === "/") throw new CourseArchiveError("an entry has an empty name");
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) throw new CourseArchiveError(`entry ${shown} has control characters in its name`);
  if (name.includes("\\")) throw new CourseArchiveError(`entry ${shown} has a backslash in its path; zip paths use "/"`);
  if (name.startsWith("/")) throw new CourseArchiveError(`entry ${shown} has an absolute path`);
  if (/^[A-Za-z]:/.test(name)) throw new CourseArchiveError(`entry ${shown} starts with a drive letter`);
  const segments = (name.endsWith("/") ? name.slice(0, -1) : name).split("/");
  if (segments.includes("..")) throw new CourseArchiveError(`entry ${shown} leaves the course folder ("..")`);
  if (segments.some((segment) => segment === "" || segment === ".")) {
    throw new CourseArchiveError(`entry ${shown} has an empty or "." segment in its path`);
  }
  return name;
}

/** Inflates one entry, counting the bytes as they come: the sizes in the archive's headers are the attacker's. */
function inflate(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  limit: ZipLimits,
  totalSoFar: () => number,
  addToTotal: (count: number) => void,
  archiveBytes: number,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream: Readable) => {
      if (error) return reject(error);
      const chunks: Buffer[] = [];
      let size = 0;
      const refuse = (message: string) => {
        stream.destroy();
        reject(new CourseArchiveError(message));
      };
      stream.on("data", (chunk: Buffer) => {
        size += chunk.length;
        addToTotal(chunk.length);
        if (size > limit.maxEntryBytes) return refuse(`"${path}" inflates to more than ${MiB(limit.maxEntryBytes)}`);
        if (totalSoFar() > limit.maxTotalBytes) return refuse(`the archive inflates to more than ${MiB(limit.maxTotalBytes)}`);
        if (size > limit.maxRatio * Math.max(entry.compressedSize, 1024) || totalSoFar() > limit.maxRatio * archiveBytes) {
          return refuse(`"${path}" inflates more than ${limit.maxRatio} times its compressed size (a zip bomb?)`);
        }
        chunks.push(chunk);
      });
      stream.on("error", (streamError) => {
        const message = streamError.message;
        // yauzl's validateEntrySizes: the headers lied about the size.
        if (/too (many|few) bytes/.test(message)) {
          reject(new CourseArchiveError(`"${path}" does not inflate to the size its header declares (damaged archive or zip bomb)`));
        } else reject(streamError);
      });
      stream.on("end", () => resolve(Buffer.concat(chunks)));
    });
  });
}

/**
 * The archive holds one course folder (`<slug>/course.yaml`, as `exportCourseZip` writes it and as a file
 * manager's "compress folder" does) or the course's files at its root.
 */
function toCourseFiles(read: Map<string, Uint8Array>): CourseFiles {
  const paths = [...read.keys()];
  const first = paths[0]?.split("/")[0];
  const inOneFolder = paths.length > 0 && paths.every((path) => path.includes("/") && path.split("/")[0] === first);
  const files = new Map<string, string>();
  const media = new Map<string, Uint8Array>();
  for (const [archivePath, bytes] of read) {
    const path = inOneFolder ? archivePath.slice(first!.length + 1) : archivePath;
    const classified = classifyFile(path, bytes);
    if (classified.kind === "refused") throw new CourseArchiveError(`"${archivePath}": ${classified.reason}`);
    if (classified.kind === "text") files.set(path, classified.text);
    else media.set(path, classified.bytes);
  }
  return { folder: inOneFolder ? first : undefined, files, media };
}

// A fixed time, so that exporting the same files twice gives the same archive, byte for byte.
const EXPORT_TIME = new Date(Date.UTC(2020, 0, 1));

/** The course's files as a zip of its folder (`<folder>/…`, or at the root when it has no folder name). */
export function exportCourseZip(course: CourseFiles): Promise<Buffer> {
  const [unread] = course.tooLarge?.keys() ?? [];
  if (unread !== undefined) {
    return Promise.reject(new CourseArchiveError(`"${unread}" is over the course-file size limit and was not read`));
  }
  const zip = new yazl.ZipFile();
  const prefix = course.folder ? `${course.folder}/` : "";
  for (const path of sortedPaths(course)) {
    const text = course.files.get(path);
    const bytes = text === undefined ? Buffer.from(course.media.get(path)!) : Buffer.from(text, "utf8");
    // Images are compressed already; deflating them again costs time and saves nothing.
    zip.addBuffer(bytes, `${prefix}${path}`, { mtime: EXPORT_TIME, mode: 0o100644, compress: text !== undefined });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on("data", (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on("error", reject);
    zip.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
  });
}

// Reading and checking a people CSV file before anything is written (ADR 0024). Pure: the units the importer may
// use arrive as input, and the answer is either every row, checked and normalised, or every problem with its line.
//
// Format: a header row naming the columns `name`, `email`, `profile`, `unit`, `language` in any order (case and
// spaces ignored); `,` or `;` between fields (whichever the header uses); UTF-8 with or without a byte-order mark;
// fields quoted as in RFC 4180. `unit` is a unit's path of names from the top (`Border Guard/North/Crossing 3`) or
// a unit's id as shown in its address. Line numbers are the file's own (the header is line 1), as a spreadsheet or
// a text editor shows them.
import { CsvError, parse } from "csv-parse/sync";
import { z } from "zod";
import { PROFILES, type Profile } from "#db/schema/account-values";
import { isLocale, type Locale } from "~/i18n/languages";
import type { Message } from "~/errors";
import { splitUnitPath, UNIT_PATH_SEPARATOR } from "./tree";

export const IMPORT_COLUMNS = ["name", "email", "profile", "unit", "language"] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** Beyond a service's whole staff in one file; larger files are split. */
export const MAX_IMPORT_ROWS = 20_000;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export type ImportRow = { line: number; fullName: string; email: string; profile: Profile; unitId: string; language: Locale };
export type ImportProblem = { line: number; column?: ImportColumn; message: Message };

/** What the importer may import into. */
export type ImportUnits = {
  /** The units the importer may import into, by id, with their path of names: every unit for an admin; for a supervisor, their units and everything below them. */
  units: readonly { id: string; path: string }[];
  /**
   * A supervisor's import: a unit not among `units` is "not one of your units", whether it exists elsewhere or not
   * at all, so the answer does not tell which units exist outside their scope (ADR 0024). For an admin it is unknown.
   */
  restricted: boolean;
};

const Email = z.string().max(254).email();
const ID_SHAPE = /^[a-z2-7]{32}$/;

/** The header's delimiter: `;` when it has more semicolons than commas (a spreadsheet in a comma-decimal locale), else `,`. */
export function detectDelimiter(text: string): "," | ";" {
  const firstLine = text.replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0] ?? "";
  const count = (c: string) => firstLine.split(c).length - 1;
  return count(";") > count(",") ? ";" : ",";
}

const problem = (line: number, key: string, values?: Message["values"], column?: ImportColumn): ImportProblem => ({
  line,
  ...(column ? { column } : {}),
  message: { key: `units.import.errors.${key}`, ...(values ? { values } : {}) },
});

/** Unit paths compare by their names, each trimmed, so `Border Guard / North` names `Border Guard/North`. */
const pathKey = (path: string) => splitUnitPath(path).join(UNIT_PATH_SEPARATOR);

export function checkImport(text: string, scope: ImportUnits): { rows: ImportRow[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, {
      bom: true,
      delimiter: detectDelimiter(text),
      info: true,
      relax_column_count: true,
      // Empty lines are kept as records (and skipped below) so that each record's first line is known exactly.
      skip_empty_lines: false,
      trim: true,
      max_record_size: 64 * 1024,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines ?? 1;
      return { rows: [], problems: [problem(line, "unreadable", { reason: error.code })] };
    }
    throw error;
  }
  let previousEnd = 0;
  const withLines = records.map(({ record, info }) => {
    const start = previousEnd + 1;
    previousEnd = info.lines;
    return { record, line: start };
  });
  const nonEmpty = withLines.filter(({ record }) => record.some((field) => field !== ""));
  const [header, ...body] = nonEmpty;
  if (!header) return { rows: [], problems: [problem(1, "empty")] };

  // The header: each of the five columns exactly once, nothing else.
  const names = header.record.map((h) => h.trim().toLowerCase());
  const position = new Map<ImportColumn, number>();
  names.forEach((name, index) => {
    if (!(IMPORT_COLUMNS as readonly string[]).includes(name)) problems.push(problem(header.line, "unknownColumn", { column: header.record[index] || String(index + 1) }));
    else if (position.has(name as ImportColumn)) problems.push(problem(header.line, "duplicateColumn", { column: name }));
    else position.set(name as ImportColumn, index);
  });
  for (const column of IMPORT_COLUMNS) if (!position.has(column)) problems.push(problem(header.line, "missingColumn", { column }));
  if (problems.length > 0) return { rows: [], problems };
  if (body.length === 0) return { rows: [], problems: [problem(header.line, "noRows")] };
  if (body.length > MAX_IMPORT_ROWS) return { rows: [], problems: [problem(body[MAX_IMPORT_ROWS].line, "tooManyRows", { max: MAX_IMPORT_ROWS })] };

  const byPath = new Map(scope.units.map((u) => [pathKey(u.path), u.id]));
  const byId = new Set(scope.units.map((u) => u.id));
  const firstLineOf = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const { record, line } of body) {
    if (record.length !== names.length) {
      problems.push(problem(line, "columnCount", { expected: names.length, found: record.length }));
      continue;
    }
    const field = (column: ImportColumn) => record[position.get(column)!] ?? "";
    const rowProblems: ImportProblem[] = [];
    for (const column of IMPORT_COLUMNS) if (field(column) === "") rowProblems.push(problem(line, "missing", { column }, column));

    const fullName = field("name");
    if (fullName !== "" && (fullName.length < 2 || fullName.length > 120)) rowProblems.push(problem(line, "name", undefined, "name"));

    const email = field("email").toLowerCase();
    if (email !== "") {
      if (!Email.safeParse(email).success) rowProblems.push(problem(line, "email", { value: field("email") }, "email"));
      else {
        const first = firstLineOf.get(email);
        if (first !== undefined) rowProblems.push(problem(line, "duplicate", { email, first }, "email"));
        else firstLineOf.set(email, line);
      }
    }

    const profile = field("profile").toLowerCase();
    if (profile !== "" && !(PROFILES as readonly string[]).includes(profile)) {
      rowProblems.push(problem(line, "profile", { value: field("profile"), allowed: PROFILES.join(", ") }, "profile"));
    }

    const language = field("language").toLowerCase();
    if (language !== "" && !isLocale(language)) rowProblems.push(problem(line, "language", { value: field("language") }, "language"));

    const unit = field("unit");
    let unitId: string | undefined;
    if (unit !== "") {
      unitId = ID_SHAPE.test(unit) && byId.has(unit) ? unit : byPath.get(pathKey(unit));
      if (unitId === undefined) rowProblems.push(problem(line, scope.restricted ? "outsideScope" : "unknownUnit", { value: unit }, "unit"));
    }

    if (rowProblems.length > 0) problems.push(...rowProblems);
    else rows.push({ line, fullName, email, profile: profile as Profile, unitId: unitId!, language: language as Locale });
  }
  return problems.length > 0 ? { rows: [], problems } : { rows, problems: [] };
}

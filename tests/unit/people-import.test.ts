// The people CSV, read and checked before anything is written: every kind of problem with its line, nothing kept
// when one row is wrong, delimiters, byte-order mark and column order tolerated.
import { describe, expect, it } from "vitest";
import { checkImport, detectDelimiter, type ImportUnits } from "~/supervision/import";

const NORTH = "n".repeat(32);
const C3 = "c".repeat(32);
const SOUTH = "s".repeat(32);
const admin: ImportUnits = {
  units: [
    { id: NORTH, path: "Border Guard/North" },
    { id: C3, path: "Border Guard/North/Crossing 3" },
    { id: SOUTH, path: "Border Guard/South" },
  ],
  restricted: false,
};
const supervisorOfNorth: ImportUnits = { units: admin.units.filter((u) => u.id !== SOUTH), restricted: true };

const HEADER = "name,email,profile,unit,language";
const file = (...lines: string[]) => [HEADER, ...lines].join("\n") + "\n";
const keysOf = (result: ReturnType<typeof checkImport>) => result.problems.map((p) => [p.line, p.message.key.replace("units.import.errors.", "")]);

describe("checking a people file", () => {
  it("accepts a valid file, normalising addresses and resolving unit paths and ids", () => {
    const result = checkImport(
      file("Amara Okafor,Amara@Example.org,border-official,Border Guard / North / Crossing 3,FR", `Luis Pérez,luis@example.org,other,${NORTH},es`),
      admin,
    );
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual([
      { line: 2, fullName: "Amara Okafor", email: "amara@example.org", profile: "border-official", unitId: C3, language: "fr" },
      { line: 3, fullName: "Luis Pérez", email: "luis@example.org", profile: "other", unitId: NORTH, language: "es" },
    ]);
  });

  it("takes the columns in any order, a semicolon delimiter, a byte-order mark, CRLF and quoted fields", () => {
    const text = "\uFEFFLanguage;Unit;EMAIL;Profile;Name\r\nen;Border Guard/North;a@example.org;iom-staff;\"Okafor; Amara\"\r\n";
    expect(detectDelimiter(text)).toBe(";");
    const result = checkImport(text, admin);
    expect(result.problems).toEqual([]);
    expect(result.rows[0]).toMatchObject({ fullName: "Okafor; Amara", email: "a@example.org", unitId: NORTH, language: "en" });
  });

  it("reports every bad row with its line and reason, and keeps none of the good ones", () => {
    const result = checkImport(
      file(
        "Good Person,good@example.org,other,Border Guard/North,en", // 2: fine
        "Bad Email,not-an-address,other,Border Guard/North,en", // 3
        "Bad Profile,p@example.org,astronaut,Border Guard/North,en", // 4
        "Bad Language,l@example.org,other,Border Guard/North,de", // 5
        "Bad Unit,u@example.org,other,Border Guard/West,en", // 6
        "Again,GOOD@example.org,other,Border Guard/North,en", // 7
        ",m@example.org,other,Border Guard/North,en", // 8
        "Too,few,columns", // 9
        "", // 10: empty lines are skipped, not counted as rows
        "\"Multi", // 11: a quoted name over two lines starts here
        "line\",ml@example.org,other,Border Guard/North,xx", // 12
      ),
      admin,
    );
    expect(result.rows).toEqual([]);
    expect(keysOf(result)).toEqual([
      [3, "email"],
      [4, "profile"],
      [5, "language"],
      [6, "unknownUnit"],
      [7, "duplicate"],
      [8, "missing"],
      [9, "columnCount"],
      [11, "language"],
    ]);
    expect(result.problems.find((p) => p.line === 7)?.message.values).toEqual({ email: "good@example.org", first: 2 });
    expect(result.problems.find((p) => p.line === 8)).toMatchObject({ column: "name", message: { values: { column: "name" } } });
    expect(result.problems.find((p) => p.line === 9)?.message.values).toEqual({ expected: 5, found: 3 });
  });

  it("tells a supervisor only that a unit is not one of theirs, whether it exists elsewhere or not at all", () => {
    const result = checkImport(file("A Person,a@example.org,other,Border Guard/South,en", `B Person,b@example.org,other,${SOUTH},en`, "C Person,c@example.org,other,Nowhere,en"), supervisorOfNorth);
    expect(keysOf(result)).toEqual([
      [2, "outsideScope"],
      [3, "outsideScope"],
      [4, "outsideScope"],
    ]);
  });

  it("refuses a header without a required column, with an unknown or a repeated column", () => {
    expect(keysOf(checkImport("name,email,profile,unit\nA,a@example.org,other,x\n", admin))).toEqual([[1, "missingColumn"]]);
    expect(keysOf(checkImport("name,email,profile,unit,language,rank\n", admin))).toEqual([[1, "unknownColumn"]]);
    expect(keysOf(checkImport("name,email,email,profile,unit,language\n", admin))).toEqual([[1, "duplicateColumn"]]);
  });

  it("refuses an empty file, a header alone, and a file the CSV reader cannot read", () => {
    expect(keysOf(checkImport("", admin))).toEqual([[1, "empty"]]);
    expect(keysOf(checkImport("\uFEFF\n\n", admin))).toEqual([[1, "empty"]]);
    expect(keysOf(checkImport(HEADER + "\n", admin))).toEqual([[1, "noRows"]]);
    expect(keysOf(checkImport(file("A,\"a@example.org,other,x,en"), admin))).toEqual([[2, "unreadable"]]);
  });
});

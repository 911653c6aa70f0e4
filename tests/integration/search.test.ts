// Case-insensitive search answers the same on both engines: lower() on both sides, with SQLite's lower() folding
// non-ASCII letters as PostgreSQL's does, and % and _ taken literally.
import { beforeAll, describe, expect, it } from "vitest";
import { listUsers } from "~/auth/accounts.server";
import { transaction } from "~/db.server";
import { randomId } from "~/ids.server";
import { users } from "#db/tables";
import { freshDatabase } from "./db";

const people = [
  { fullName: "Élise Dufresne-Núñez", organisation: "Cour administrative" },
  { fullName: "ELISE MARTIN", organisation: "Tribunal 100% numérique" },
  { fullName: "Þórunn Ægisdóttir", organisation: "Útlendingastofnun" },
  { fullName: "Jonas Berg", organisation: "Border_Guard" },
];

beforeAll(async () => {
  await freshDatabase();
  await transaction(async (tx) => {
    for (const person of people) {
      await tx.insert(users).values({
        id: randomId(),
        email: `${randomId(8)}@example.org`,
        passwordHash: "not-used",
        profile: "judicial-officer",
        createdAt: Date.now(),
        ...person,
      });
    }
  });
});

const names = async (query: string) => (await listUsers({ query, page: 1 })).rows.map((r) => r.fullName).sort();

describe("case-insensitive search", () => {
  it("matches accented capitals with lower-case queries and the reverse", async () => {
    expect(await names("élise")).toEqual(["Élise Dufresne-Núñez"]);
    expect(await names("elise")).toEqual(["ELISE MARTIN"]);
    expect(await names("ÉLISE")).toEqual(["Élise Dufresne-Núñez"]);
    expect(await names("NÚÑEZ")).toEqual(["Élise Dufresne-Núñez"]);
    expect(await names("þórunn")).toEqual(["Þórunn Ægisdóttir"]);
    expect(await names("ægis")).toEqual(["Þórunn Ægisdóttir"]);
  });

  it("takes % and _ literally", async () => {
    expect(await names("100%")).toEqual(["ELISE MARTIN"]);
    expect(await names("r_g")).toEqual(["Jonas Berg"]);
    expect(await names("%")).toEqual(["ELISE MARTIN"]);
  });
});

// The async transaction helper under interleaved requests: each transaction sees no statement of another, commits
// only when its work has finished, and rolls back on a throw; reads outside transactions see only committed data.
import Database from "better-sqlite3";
import { eq, like, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, forUpdate, isPostgres, preparedOn, transaction } from "~/db.server";
import { env } from "~/env.server";
import { freshDatabase } from "./db";
import { auditEvents } from "#db/tables";

beforeAll(freshDatabase);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const record = (subject: string) => ({ action: "test", subject, details: {}, at: Date.now() });
const subjects = async (prefix: string) =>
  (await db.select({ subject: auditEvents.subject }).from(auditEvents).where(like(auditEvents.subject, `${prefix}%`)))
    .map((r) => r.subject)
    .sort();

describe("transaction()", () => {
  // PostgreSQL runs transactions side by side; their isolation is what the other tests check there.
  it.skipIf(isPostgres)("runs a second request's transaction only after the first has finished, even when the first awaits", async () => {
    const log: string[] = [];
    const first = transaction(async (tx) => {
      log.push("first:begin");
      await tx.insert(auditEvents).values(record("order-a1"));
      await sleep(30);
      await tx.insert(auditEvents).values(record("order-a2"));
      log.push("first:end");
    });
    const second = transaction(async (tx) => {
      log.push("second:begin");
      // Inside its own transaction the second sees both rows of the first: it started after the first had finished
    // (on SQLite both may then share one COMMIT: group commit, ADR 0029).
      const seen = await tx.select().from(auditEvents).where(like(auditEvents.subject, "order-a%"));
      log.push(`second:sees:${seen.length}`);
      await tx.insert(auditEvents).values(record("order-b1"));
    });
    await Promise.all([first, second]);
    expect(log).toEqual(["first:begin", "first:end", "second:begin", "second:sees:2"]);
    expect(await subjects("order-")).toEqual(["order-a1", "order-a2", "order-b1"]);
  });

  it("commits nothing before the work has finished: a read outside sees the rows only after the commit", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const written = new Promise<void>((resolve) => (inserted = resolve));
    const work = transaction(async (tx) => {
      await tx.insert(auditEvents).values(record("early-1"));
      inserted();
      await gate;
      await tx.insert(auditEvents).values(record("early-2"));
    });
    await written;
    expect(await subjects("early-")).toEqual([]);
    release();
    await work;
    expect(await subjects("early-")).toEqual(["early-1", "early-2"]);
  });

  it.skipIf(isPostgres)("has committed durably when its promise resolves: another connection to the file sees the row", async () => {
    await transaction(async (tx) => {
      await tx.insert(auditEvents).values(record("durable-1"));
    });
    if (env.database.kind !== "sqlite") throw new Error("SQLite only");
    const other = new Database(env.database.path, { readonly: true });
    try {
      expect(other.prepare("select count(*) as n from audit_events where subject = ?").get("durable-1")).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });

  it.skipIf(isPostgres)("settles no transaction of a group before its COMMIT, and rolls back only the member that threw", async () => {
    if (env.database.kind !== "sqlite") throw new Error("SQLite only");
    const other = new Database(env.database.path, { readonly: true });
    const visible = (subject: string) => (other.prepare("select count(*) as n from audit_events where subject = ?").get(subject) as { n: number }).n;
    try {
      // Forty requests at once: they share COMMITs, and each, when its promise resolves, is already on the disk for
      // another connection; the one that throws leaves nothing and takes none of its neighbours down.
      const outcomes = await Promise.allSettled(
        Array.from({ length: 40 }, (_, i) =>
          transaction(async (tx) => {
            await tx.insert(auditEvents).values(record(`group-${i}`));
            if (i === 17) throw new Error("member 17 refused");
            await sleep(i % 2);
          }).then(() => visible(`group-${i}`)),
        ),
      );
      expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : "refused"))).toEqual(
        Array.from({ length: 40 }, (_, i) => (i === 17 ? "refused" : 1)),
      );
      expect(visible("group-17")).toBe(0);
    } finally {
      other.close();
    }
  });

  it("rolls back everything on a throw after an await, and the next request's transaction still commits", async () => {
    const failing = transaction(async (tx) => {
      await tx.insert(auditEvents).values(record("rollback-1"));
      await sleep(10);
      throw new Error("refused half-way");
    });
    const next = transaction(async (tx) => {
      await tx.insert(auditEvents).values(record("rollback-next"));
    });
    await expect(failing).rejects.toThrow("refused half-way");
    await next;
    expect(await subjects("rollback-")).toEqual(["rollback-next"]);
  });

  it("keeps 50 interleaved read-modify-write requests from losing an update", async () => {
    await transaction(async (tx) => {
      await tx.insert(auditEvents).values({ ...record("counter"), details: { n: 0 } });
    });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        transaction(async (tx) => {
          const [row] = await forUpdate(tx.select().from(auditEvents).where(eq(auditEvents.subject, "counter")));
          await sleep(i % 3); // yield to the other requests between the read and the write
          await tx
            .update(auditEvents)
            .set({ details: { n: (row.details.n as number) + 1 } })
            .where(eq(auditEvents.id, row.id));
        }),
      ),
    );
    const [row] = await db.select().from(auditEvents).where(eq(auditEvents.subject, "counter"));
    expect(row.details).toEqual({ n: 50 });
  });

  it("refuses a transaction opened inside another (a function joining one takes its tx)", async () => {
    await expect(transaction(async () => transaction(async () => "inner"))).rejects.toThrow(/inside a transaction/);
  });

  it.skipIf(isPostgres)("refuses a write on the reader connection outside a transaction", async () => {
    await expect(db.insert(auditEvents).values(record("outside"))).rejects.toThrow(/readonly|read-only|query_only/i);
    expect(await subjects("outside")).toEqual([]);
  });

  it.skipIf(isPostgres)("waits for another process's write lock without stopping the event loop, then commits", async () => {
    if (env.database.kind !== "sqlite") throw new Error("SQLite only");
    // Another process (a second worker, a script) holds the file's write lock for 300 ms.
    const other = new Database(env.database.path);
    other.exec("BEGIN IMMEDIATE");
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 10);
    const began = performance.now();
    const committed = transaction(async (tx) => {
      await tx.insert(auditEvents).values(record("behind-other-process"));
    });
    await sleep(300);
    // SQLite's own busy wait would have slept in this thread, and the interval would not have run meanwhile.
    expect(ticks).toBeGreaterThanOrEqual(15);
    expect(await subjects("behind-other-process")).toEqual([]);
    other.exec("COMMIT");
    other.close();
    await committed;
    clearInterval(ticker);
    expect(performance.now() - began).toBeGreaterThanOrEqual(300);
    expect(await subjects("behind-other-process")).toEqual(["behind-other-process"]);
  });

  it.skipIf(isPostgres)("lets another process's writer in between its groups while it has a backlog, once it has met that writer", async () => {
    if (env.database.kind !== "sqlite") throw new Error("SQLite only");
    const other = new Database(env.database.path);
    // As the app's own writer: a taken lock fails at once rather than blocking this thread (ADR 0040).
    other.pragma("busy_timeout = 0");
    const insertMarker = other.prepare("insert into audit_events (action, subject, details, at) values ('test', 'fair-other', '{}', ?)");
    // The other process holds the lock first, so this one meets it (as two busy workers do).
    other.exec("BEGIN IMMEDIATE");
    let poller: NodeJS.Timeout | undefined;
    const startPolling = () => {
      // The other process's writer tries for the lock every millisecond and commits one row as soon as it has it.
      poller ??= setInterval(() => {
        try {
          other.exec("BEGIN IMMEDIATE");
        } catch {
          return;
        }
        insertMarker.run(Date.now());
        other.exec("COMMIT");
        clearInterval(poller);
      }, 1);
    };
    // A backlog larger than one group (GROUP_MAX): this process commits it in two groups at least.
    const backlog = Array.from({ length: 100 }, (_, i) =>
      transaction(async (tx) => {
        startPolling();
        await tx.insert(auditEvents).values(record(`fair-this-${i}`));
      }),
    );
    await sleep(20);
    other.exec("COMMIT");
    await Promise.all(backlog);
    await sleep(20);
    clearInterval(poller);
    const order = other.prepare("select subject from audit_events where subject like 'fair-%' order by rowid").pluck().all() as string[];
    other.close();
    // The other writer's row landed before this process's backlog was done, not after all of it.
    expect(order).toContain("fair-other");
    expect(order.indexOf("fair-other")).toBeLessThan(order.length - 1);
    expect(order.filter((subject) => subject.startsWith("fair-this-"))).toHaveLength(100);
  });

  // preparedOn keeps a statement per connection, on PostgreSQL per pool client, which serves one transaction after
  // another (ADR 0043). A statement bound to the wrong client would run outside the transaction that called it: its
  // row would survive that transaction's rollback, or the transaction would wait for a lock its own statement holds.
  it("runs a kept statement inside the transaction that uses it, whichever pooled connection that is", async () => {
    const insertAudit = preparedOn((q) =>
      q
        .insert(auditEvents)
        .values({ action: "test", subject: sql.placeholder("subject"), details: {}, at: sql.placeholder("at") })
        .prepare("test_kept_insert"),
    );
    const lockAudit = preparedOn((q) =>
      forUpdate(q.select({ id: auditEvents.id }).from(auditEvents).where(eq(auditEvents.subject, sql.placeholder("subject")))).prepare("test_kept_lock"),
    );
    await transaction((tx) => insertAudit(tx).execute({ subject: "kept-locked", at: Date.now() }));
    // More transactions side by side than the pool has clients, so clients are reused; every other one rolls back.
    const count = env.DATABASE_POOL_SIZE * 3;
    const subjectOf = (i: number) => `kept-${String(i).padStart(2, "0")}`;
    const outcomes = await Promise.allSettled(
      Array.from({ length: count }, (_, i) =>
        transaction(async (tx) => {
          await lockAudit(tx).execute({ subject: "kept-locked" });
          await insertAudit(tx).execute({ subject: subjectOf(i), at: Date.now() });
          await sleep(2);
          if (i % 2 === 1) throw new Error("roll back");
        }),
      ),
    );
    const committed = Array.from({ length: count }, (_, i) => i).filter((i) => i % 2 === 0);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(committed.length);
    expect((await subjects("kept-")).filter((s) => s !== "kept-locked")).toEqual(committed.map(subjectOf));
  });
});

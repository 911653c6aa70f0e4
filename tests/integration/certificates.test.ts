// Certificates end to end at the module level: issuance inside the completion transaction, the public documents as
// HTTP serves them, an outside verifier that knows only those URLs, revocation, expiry, renewal and who may
// download what. Against this file's own temporary SQLite database.
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Role } from "#db/schema/accounts";
import { SESSION_COOKIE, createSession } from "~/auth/session.server";
import { createDocumentLoader } from "~/certificates/document-loader.server";
import { verifyCredential } from "~/certificates/verify.server";
import { enrol, markLessonComplete, recordQuizResult } from "~/courses/enrolment.server";
import { importCourse } from "~/courses/import.server";
import { loadCourse, type LoadedCourse } from "~/courses/load.server";
import { db, transaction } from "~/db.server";
import en from "~/i18n/locales/en.json";
import { randomId } from "~/ids.server";
import * as adminCertificatesRoute from "~/routes/admin.certificates";
import * as myCertificatesRoute from "~/routes/certificates._index";
import * as credentialDownloadRoute from "~/routes/certificates.$id.credential";
import * as pdfRoute from "~/routes/certificates.$id.pdf";
import * as credentialsRoute from "~/routes/credentials.$id";
import * as dashboardRoute from "~/routes/dashboard";
import * as issuerRoute from "~/routes/issuer";
import * as lessonRoute from "~/routes/courses.$slug.lessons.$lessonId";
import * as statusRoute from "~/routes/status.revocation";
import * as verifyIdRoute from "~/routes/verify.$id";
import * as verifyRoute from "~/routes/verify._index";
import { freshDatabase } from "./db";
import { ORIGIN, call, formRequest, getRequest, refusal } from "./http";
import { auditEvents, certificates, users } from "#db/tables";
import { insertAccount, type Account } from "../support/accounts";
import { firstPage as pdfPage, pageText, qrCodes } from "../support/pdf";

const DAY = 24 * 60 * 60 * 1000;
const ISSUER = `${ORIGIN}/issuer`;
const STATUS_LIST = `${ORIGIN}/status/revocation`;

let fixture: LoadedCourse;
// The fixture course does not expire; this copy does (12 months) and is open for enrolment.
let expiring: LoadedCourse;
let admin: Person;

type Person = Account;

/** An account that exists only in the database (no working password) with a session. */
const person = (fullName: string, role: Role = "learner"): Promise<Person> => insertAccount({ fullName, role });

const lessonIds = (course: LoadedCourse) => course.modules.flatMap((m) => m.lessons.map((l) => l.id));
const quizIds = (course: LoadedCourse) => course.modules.map((m) => Object.values(m.quiz)[0]!.id);

async function passQuiz(userId: string, course: LoadedCourse, quizId: string, percent: number, now = Date.now()) {
  return await transaction((tx) => recordQuizResult(tx, { userId, courseSlug: course.slug, quizId, percent, isPassed: true }, now));
}

/** Everything but the last lesson, directly through the capabilities. */
async function almostComplete(learner: Person, course: LoadedCourse, now = Date.now()) {
  await enrol(learner.id, course.slug, now, admin.id);
  for (const [i, quizId] of quizIds(course).entries()) await passQuiz(learner.id, course, quizId, 80 + i * 10, now);
  for (const lessonId of lessonIds(course).slice(0, -1)) await markLessonComplete(learner.id, course.slug, lessonId, now);
}

async function completeCourse(learner: Person, course: LoadedCourse, now = Date.now()) {
  await almostComplete(learner, course, now);
  await markLessonComplete(learner.id, course.slug, lessonIds(course).at(-1)!, now);
  return (await certificatesOf(learner, course))[0]!;
}

const certificatesOf = async (learner: Person, course: LoadedCourse) =>
  (await db
    .select()
    .from(certificates)
    .where(and(eq(certificates.userId, learner.id), eq(certificates.courseSlug, course.slug))));

/** What an outside verifier fetches: the three public URLs, as JSON text over HTTP. */
async function publicDocuments(id: string) {
  const issuer = await call(issuerRoute.loader, getRequest("/issuer"));
  const status = await call(statusRoute.loader, getRequest("/status/revocation"));
  const credential = await call(credentialsRoute.loader, getRequest(`/credentials/${id}`), { id });
  expect([issuer.status, status.status, credential.status]).toEqual([200, 200, 200]);
  expect(issuer.headers.get("Content-Type")).toMatch(/^application\/ld\+json/);
  expect(status.headers.get("Content-Type")).toMatch(/^application\/ld\+json/);
  const documents: Record<string, object> = { [ISSUER]: issuer.body as object, [STATUS_LIST]: status.body as object };
  return { documents, credential: credential.body };
}

/** A verifier with the same libraries and an offline loader fed only what the public URLs served. */
async function outsideVerify(id: string, options: { now?: Date; tamper?: (credential: Record<string, unknown>) => void } = {}) {
  const { documents, credential } = await publicDocuments(id);
  const copy = structuredClone(credential) as Record<string, unknown>;
  options.tamper?.(copy);
  const documentLoader = createDocumentLoader({ resolve: async (url) => (url in documents ? structuredClone(documents[url]!) : null) });
  return verifyCredential(copy, { documentLoader, trustedIssuerId: ISSUER, now: options.now ?? new Date() });
}

async function pdfOf(id: string, cookie: string) {
  const response = (await pdfRoute.loader({
    request: getRequest(`/certificates/${id}/pdf`, { cookie }),
    params: { id },
    context: { clientIp: "203.0.113.7", cspNonce: "" },
  })) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toBe("application/pdf");
  return new Uint8Array(await response.arrayBuffer());
}

beforeAll(async () => {
  await freshDatabase();
  const loaded = loadCourse(path.resolve("tests/fixtures/courses/fixture-course"));
  if (!loaded.course) throw new Error(`fixture course invalid: ${JSON.stringify(loaded.errors)}`);
  fixture = loaded.course;
  expiring = {
    ...fixture,
    slug: "fixture-expiring",
    meta: { ...fixture.meta, slug: "fixture-expiring", certificateValidityMonths: 12 },
    contentHash: `${fixture.contentHash}-expiring`,
  } as LoadedCourse;
  await importCourse(fixture);
  await importCourse(expiring);
  admin = await person("Ada Admin", "admin");
});

afterEach(() => {
  vi.useRealTimers();
});

describe("issuance", () => {
  it("issues exactly one certificate when the last step is posted several times (a resent form)", async () => {
    const learner = await person("Þórunn Ægisdóttir");
    await almostComplete(learner, fixture);
    const last = lessonIds(fixture).at(-1)!;
    const results = await Promise.all(
      Array.from({ length: 6 }, () =>
        call(lessonRoute.action, formRequest(`/courses/${fixture.slug}/lessons/${last}`, {}, { cookie: learner.cookie }), {
          slug: fixture.slug,
          lessonId: last,
        }),
      ),
    );
    expect(results.every((r) => r.status === 302)).toBe(true);
    // More completions afterwards (a quiz retaken) issue nothing more: the course does not expire.
    await passQuiz(learner.id, fixture, quizIds(fixture).at(-1)!, 100);
    const rows = await certificatesOf(learner, fixture);
    expect(rows).toHaveLength(1);
    const [certificate] = rows;
    expect(certificate).toMatchObject({
      holderName: "Þórunn Ægisdóttir",
      courseTitle: fixture.title[fixture.meta.defaultLanguage],
      courseVersion: fixture.meta.version,
      validUntil: null,
      averagePercent: 85,
      renewsCertificateId: null,
    });
    expect(certificate!.id).toMatch(/^[a-z2-7]{32}$/);
    expect(certificate!.statusListIndex).toBeGreaterThanOrEqual(0);
    expect(certificate!.statusListIndex).toBeLessThan(131_072);
  });

  it("lists the certificate on the learner's page with its state", async () => {
    const learner = await person("Mireille Dubois");
    const certificate = await completeCourse(learner, fixture);
    const page = await call(myCertificatesRoute.loader, getRequest("/certificates", { cookie: learner.cookie }));
    expect(page.status).toBe(200);
    const body = page.body as { certificates: { id: string; state: string }[] };
    expect(body.certificates).toEqual([expect.objectContaining({ id: certificate.id, state: "valid" })]);
  });
});

describe("the printable certificate", () => {
  it("carries the id and the holder's name as text, and a QR code to the verify page", async () => {
    const learner = await person("Łucja Wróblewska-Núñez");
    const certificate = await completeCourse(learner, fixture);
    const page = await pdfPage(await pdfOf(certificate.id, learner.cookie));
    const text = await pageText(page);
    expect(text).toContain(certificate.id);
    expect(text).toContain("Łucja Wróblewska-Núñez");
    expect(await qrCodes(page)).toEqual([`${ORIGIN}/verify/${certificate.id}`]);
  });

  it("is not given to another learner (404), but is to an admin", async () => {
    const owner = await person("Owner Learner");
    const other = await person("Other Learner");
    const certificate = await completeCourse(owner, fixture);
    const params = { id: certificate.id };
    expect((await call(pdfRoute.loader, getRequest(`/certificates/${certificate.id}/pdf`, { cookie: other.cookie }), params)).status).toBe(404);
    await pdfOf(certificate.id, admin.cookie);
  });

  it("serves the signed credential on both of its URLs to whoever has the id, as ADR 0007 decides", async () => {
    const owner = await person("Owner Learner");
    const certificate = await completeCourse(owner, fixture);
    const params = { id: certificate.id };
    const download = await call(credentialDownloadRoute.loader, getRequest(`/certificates/${certificate.id}/credential`), params);
    expect(download.status).toBe(200);
    expect(download.headers.get("Content-Disposition")).toMatch(/^attachment;/);
    const shared = await call(credentialsRoute.loader, getRequest(`/credentials/${certificate.id}`), params);
    expect(shared.status).toBe(200);
    expect(download.body).toEqual(shared.body);
    const unknown = { id: randomId() };
    expect((await call(credentialDownloadRoute.loader, getRequest(`/certificates/${unknown.id}/credential`), unknown)).status).toBe(404);
  });
});

describe("public verification", () => {
  it("answers 404 with a clear message for an unknown id", async () => {
    const unknown = randomId();
    const page = await call(verifyIdRoute.loader, getRequest(`/verify/${unknown}`), { id: unknown });
    expect(page.status).toBe(404);
    expect(page.body).toBe("verify.notFound.message");
    expect(en.verify.notFound.message).toMatch(/No certificate with this ID/);
    expect((await call(credentialsRoute.loader, getRequest(`/credentials/${unknown}`), { id: unknown })).status).toBe(404);
    expect((await call(verifyIdRoute.loader, getRequest("/verify/..%2Fadmin"), { id: "../admin" })).status).toBe(404);
  });

  it("lets an outside verifier who knows only the public URLs find the certificate valid", async () => {
    const learner = await person("Amara Okafor");
    const certificate = await completeCourse(learner, fixture);
    const result = await outsideVerify(certificate.id);
    expect(result).toEqual({ status: "valid", checks: { proof: true, issuer: true, dates: true, status: true }, reasons: [] });
    // The same document twice: re-signing from the row gives the same proof.
    const again = await call(credentialsRoute.loader, getRequest(`/credentials/${certificate.id}`), { id: certificate.id });
    await transaction((tx) => tx.update(certificates).set({ signedCredential: null }).where(eq(certificates.id, certificate.id)));
    const resigned = await call(credentialsRoute.loader, getRequest(`/credentials/${certificate.id}`), { id: certificate.id });
    expect(resigned.body).toEqual(again.body);
  });

  it("fails the proof when one character of the credential is changed", async () => {
    const learner = await person("Amara Okafor");
    const certificate = await completeCourse(learner, fixture);
    const result = await outsideVerify(certificate.id, {
      tamper: (credential) => {
        const subject = credential.credentialSubject as { identifier: { identityHash: string }[] };
        subject.identifier[0]!.identityHash = "Amara Okafoe";
      },
    });
    expect(result.status).toBe("invalid");
    expect(result.checks.proof).toBe(false);
  });

  it("verifies a pasted or uploaded credential on /verify", async () => {
    const learner = await person("Kwame Mensah");
    const certificate = await completeCourse(learner, fixture);
    const { credential } = await publicDocuments(certificate.id);
    const pasted = await call(verifyRoute.action, formRequest("/verify", { credential: JSON.stringify(credential) }));
    expect(pasted.status).toBe(200);
    expect(pasted.body).toMatchObject({ ok: true, result: { status: "valid" } });

    const form = new FormData();
    form.append("file", new File([JSON.stringify(credential)], "certificate.json", { type: "application/json" }));
    const uploaded = await call(verifyRoute.action, new Request(`${ORIGIN}/verify`, { method: "POST", body: form }));
    expect(uploaded.body).toMatchObject({ ok: true, result: { status: "valid" } });

    const tooBig = new FormData();
    tooBig.append("file", new File(["x".repeat(300 * 1024)], "big.json"));
    const refused = await call(verifyRoute.action, new Request(`${ORIGIN}/verify`, { method: "POST", body: tooBig }));
    expect(refused.status).toBe(400);
    expect(refusal(refused).fieldErrors.credential?.key).toBe("verify.errors.tooLarge");

    const garbage = await call(verifyRoute.action, formRequest("/verify", { credential: "{not json" }));
    expect(garbage.status).toBe(400);
  });

  it("reports an expired certificate as expired", async () => {
    const learner = await person("Sofía Herrera");
    const certificate = await completeCourse(learner, expiring);
    expect(certificate.validUntil).not.toBeNull();
    const later = new Date(certificate.validUntil! + DAY);
    const result = await outsideVerify(certificate.id, { now: later });
    expect(result.status).toBe("expired");
    expect(result.checks).toEqual({ proof: true, issuer: true, dates: false, status: true });

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(later);
    const page = await call(verifyIdRoute.loader, getRequest(`/verify/${certificate.id}`), { id: certificate.id });
    expect((page.body as { certificate: { state: string } }).certificate.state).toBe("expired");
  });
});

describe("revocation", () => {
  it("is for admins only (403), and needs a reason (400)", async () => {
    const learner = await person("Jonas Berg");
    const certificate = await completeCourse(learner, fixture);
    const asLearner = await call(
      adminCertificatesRoute.action,
      formRequest("/admin/certificates", { certificateId: certificate.id, reason: "mine" }, { cookie: learner.cookie }),
    );
    expect(asLearner.status).toBe(403);
    const noReason = await call(
      adminCertificatesRoute.action,
      formRequest("/admin/certificates", { certificateId: certificate.id, reason: "   " }, { cookie: admin.cookie }),
    );
    expect(noReason.status).toBe(400);
    expect(refusal(noReason).fieldErrors.reason?.key).toBe("certificates.admin.errors.reasonRequired");
    expect((await certificatesOf(learner, fixture))[0]!.revokedAt).toBeNull();
  });

  it("makes the certificate verify as revoked, publicly and for an outside verifier, with an audit record", async () => {
    const learner = await person("Li Wei");
    const certificate = await completeCourse(learner, fixture);
    expect((await outsideVerify(certificate.id)).status).toBe("valid");

    const revoked = await call(
      adminCertificatesRoute.action,
      formRequest("/admin/certificates", { certificateId: certificate.id, reason: "Issued in error" }, { cookie: admin.cookie }),
    );
    expect(revoked.status).toBe(200);

    const result = await outsideVerify(certificate.id);
    expect(result.status).toBe("revoked");
    expect(result.checks).toEqual({ proof: true, issuer: true, dates: true, status: false });
    const page = await call(verifyIdRoute.loader, getRequest(`/verify/${certificate.id}`), { id: certificate.id });
    expect(page.status).toBe(200);
    expect((page.body as { certificate: object }).certificate).toMatchObject({ state: "revoked", revocationReason: "Issued in error" });
    const audit = (await db.select().from(auditEvents).where(eq(auditEvents.subject, certificate.id)));
    expect(audit).toEqual([expect.objectContaining({ actorId: admin.id, action: "certificate.revoked", details: { reason: "Issued in error" } })]);

    const again = await call(
      adminCertificatesRoute.action,
      formRequest("/admin/certificates", { certificateId: certificate.id, reason: "Twice" }, { cookie: admin.cookie }),
    );
    expect(again.status).toBe(409);
  });

  it("gives the holder a PDF marked revoked, and says so on their certificates page", async () => {
    const learner = await person("Kofi Boateng");
    const certificate = await completeCourse(learner, fixture);
    expect(await pageText(await pdfPage(await pdfOf(certificate.id, learner.cookie)))).not.toContain("REVOKED");
    await call(
      adminCertificatesRoute.action,
      formRequest("/admin/certificates", { certificateId: certificate.id, reason: "Issued in error" }, { cookie: admin.cookie }),
    );
    const text = await pageText(await pdfPage(await pdfOf(certificate.id, learner.cookie)));
    expect(text).toContain(en.certificates.pdf.revokedMark);
    expect(text).toContain("this certificate is no longer valid");
    const mine = await call(myCertificatesRoute.loader, getRequest("/certificates", { cookie: learner.cookie }));
    expect((mine.body as { certificates: { id: string; state: string }[] }).certificates).toContainEqual(
      expect.objectContaining({ id: certificate.id, state: "revoked" }),
    );
  });

  it("lets the admin find certificates by holder, course and date", async () => {
    const learner = await person("Zerbinette Quasimodo");
    await completeCourse(learner, expiring);
    const today = new Date().toISOString().slice(0, 10);
    const search = (query: string) =>
      call(adminCertificatesRoute.loader, getRequest(`/admin/certificates?${query}`, { cookie: admin.cookie }));
    const found = (await search(`holder=zerbinette&course=${expiring.slug}&from=${today}&to=${today}`)).body as { total: number };
    expect(found.total).toBe(1);
    expect(((await search("holder=zerbinette&from=2001-01-01&to=2001-01-02")).body as { total: number }).total).toBe(0);
    expect((await search("")).status).toBe(200);
    expect((await call(adminCertificatesRoute.loader, getRequest("/admin/certificates", { cookie: learner.cookie }))).status).toBe(403);
  });
});

describe("renewal", () => {
  it("issues a new certificate linked to the old one when the final assessment is passed again near expiry", async () => {
    const learner = await person("Rosa Quispe");
    const start = Date.now() - 320 * DAY; // validity 12 months: about 45 days left
    const first = await completeCourse(learner, expiring, start);

    // Dashboard warns about the coming expiry.
    const dashboard = await call(dashboardRoute.loader, getRequest("/dashboard", { cookie: learner.cookie }));
    expect((dashboard.body as { expiringCertificates: { id: string }[] }).expiringCertificates.map((c) => c.id)).toEqual([first.id]);

    // Another module's quiz does not renew; the final one does, once.
    await passQuiz(learner.id, expiring, quizIds(expiring)[0]!, 95);
    expect(await certificatesOf(learner, expiring)).toHaveLength(1);
    await passQuiz(learner.id, expiring, quizIds(expiring).at(-1)!, 95);
    await passQuiz(learner.id, expiring, quizIds(expiring).at(-1)!, 100);
    const rows = await certificatesOf(learner, expiring);
    expect(rows).toHaveLength(2);
    const renewed = rows.find((r) => r.id !== first.id)!;
    expect(renewed.renewsCertificateId).toBe(first.id);
    expect(renewed.validUntil!).toBeGreaterThan(first.validUntil!);
    expect((await outsideVerify(renewed.id)).status).toBe("valid");
  });

  it("does not renew a certificate far from its expiry", async () => {
    const learner = await person("Yusuf Demir");
    await completeCourse(learner, expiring);
    await passQuiz(learner.id, expiring, quizIds(expiring).at(-1)!, 100);
    expect(await certificatesOf(learner, expiring)).toHaveLength(1);
  });
});

// The printable certificate, read back the way a machine would: text through pdfjs, the QR code decoded from the
// image actually embedded in the PDF.
import jsQR from "jsqr";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { renderCertificatePdf, verifyQrPng } from "~/certificates/pdf.server";
import type { CertificatePdfData, CertificatePdfOptions } from "~/certificates/pdf.server";
import { firstPage, overlappingText, pageText, placedText, qrCodes as qrCodesOnPage } from "../support/pdf";

const data: CertificatePdfData = {
  id: "c7x2k9qp",
  holderName: "Éloïse Núñez-Françoise",
  courseTitle: "Foundations of International Migration Law",
  courseVersion: "1.2.0",
  completedAt: Date.UTC(2025, 2, 1, 10, 0, 0),
  validUntil: Date.UTC(2027, 2, 1, 10, 0, 0),
  hours: 12,
  credits: 1.5,
};

const options: CertificatePdfOptions = {
  issuerName: "Lexmigra — International Migration Law Training",
  signatory: { name: "Dr. Ana Łukasiewicz", role: "Director of Training" },
  verifyUrl: "https://lexmigra.example.org/verify/c7x2k9qp",
  labels: {
    title: "Certificate of completion",
    certifies: "This certifies that",
    completed: "has successfully completed the course",
    version: "Version",
    completedOn: "Completed on",
    hours: "Study hours",
    credits: "Credits",
    validUntil: "Valid until",
    noExpiry: "No expiry",
    certificateId: "Certificate ID",
    verify: "Scan to verify, or visit",
  },
};

describe("certificate PDF", () => {
  it("carries the certificate id and the accented holder name as extractable text", async () => {
    const page = await firstPage(await renderCertificatePdf(data, options));
    const text = await pageText(page);
    expect(text).toContain("c7x2k9qp");
    expect(text).toContain("Éloïse Núñez-Françoise");
    expect(text).toContain("Foundations of International Migration Law");
    expect(text).toContain("Version 1.2.0");
    expect(text).toContain("Dr. Ana Łukasiewicz");
    expect(text).toContain("March 1, 2025");
    expect(text).toContain("March 1, 2027");
    expect(text).toContain("1.5");
  });

  it("is A4 landscape", async () => {
    const page = await firstPage(await renderCertificatePdf(data, options));
    const [x0, y0, x1, y1] = page.view;
    expect([Math.round(x1 - x0), Math.round(y1 - y0)]).toEqual([842, 595]);
  });

  it("has a QR code, embedded in the PDF, that decodes to the verify URL", async () => {
    const page = await firstPage(await renderCertificatePdf(data, options));
    expect(await qrCodesOnPage(page)).toEqual([options.verifyUrl]);
  });

  it("produces the QR code PNG that decodes to the verify URL", async () => {
    const png = PNG.sync.read(Buffer.from(await verifyQrPng(options.verifyUrl)));
    expect(jsQR(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(options.verifyUrl);
  });

  it("uses the translated labels and the locale's date format", async () => {
    const page = await firstPage(
      await renderCertificatePdf(
        { ...data, validUntil: null, credits: null },
        {
          ...options,
          locale: "fr",
          labels: { ...options.labels, title: "Attestation de réussite", noExpiry: "Sans limite de validité" },
        },
      ),
    );
    const text = await pageText(page);
    expect(text).toContain("Attestation de réussite");
    expect(text).toContain("1 mars 2025");
    expect(text).toContain("Sans limite de validité");
    expect(text).not.toContain("Credits");
  });

  it("stays under 200 KB, even with a logo", async () => {
    const logo = new PNG({ width: 240, height: 80 });
    for (let p = 0; p < logo.width * logo.height; p++) logo.data.set([20, 80, 140, p % 7 === 0 ? 0 : 255], p * 4);
    const pdf = await renderCertificatePdf(data, { ...options, logo: PNG.sync.write(logo) });
    expect(pdf.byteLength).toBeLessThan(200 * 1024);
    expect((await renderCertificatePdf(data, options)).byteLength).toBeLessThan(200 * 1024);
  });
});

describe("certificate PDF layout", () => {
  it("prints no text over other text, whatever the length of the id (a 32-character id, as issued)", async () => {
    const issued = { ...data, id: "abcdefghijklmnopqrstuvwxyz234567" };
    const page = await firstPage(await renderCertificatePdf(issued, options));
    const runs = await placedText(page);
    expect(runs.map((r) => r.text)).toContain(issued.id);
    expect(overlappingText(runs)).toEqual([]);
  });

  it("marks a revoked certificate across the page and says since when, and an expired one likewise", async () => {
    const labels = {
      ...options.labels,
      revokedMark: "REVOKED",
      expiredMark: "EXPIRED",
      revokedNotice: "Revoked on 5 May 2026: this certificate is no longer valid.",
      expiredNotice: "Expired on 1 March 2027: this certificate is no longer valid.",
    };
    const revoked = await pageText(await firstPage(await renderCertificatePdf({ ...data, state: "revoked" }, { ...options, labels })));
    expect(revoked).toContain("REVOKED");
    expect(revoked).toContain(labels.revokedNotice);
    expect(revoked).not.toContain("EXPIRED");
    const expired = await pageText(await firstPage(await renderCertificatePdf({ ...data, state: "expired" }, { ...options, labels })));
    expect(expired).toContain("EXPIRED");
    expect(expired).toContain(labels.expiredNotice);
    const valid = await pageText(await firstPage(await renderCertificatePdf({ ...data, state: "valid" }, { ...options, labels })));
    expect(valid).not.toMatch(/REVOKED|EXPIRED|no longer valid/);
  });
});

// The printable certificate. The PDF is a convenience for people, not evidence: its QR code leads to the verify
// page, which checks the signed credential. All wording arrives as labels so the route can translate it.
import fs from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import fontkit from "@pdf-lib/fontkit";
import { degrees, PDFDocument, rgb } from "pdf-lib";
import type { PDFFont, PDFImage, PDFPage } from "pdf-lib";
import QRCode from "qrcode";
import type { CertificateRecord } from "./credential";

export type CertificatePdfData = Pick<
  CertificateRecord,
  "id" | "holderName" | "courseTitle" | "courseVersion" | "completedAt" | "validUntil" | "hours" | "credits"
> & {
  /** A revoked or expired certificate is printed marked as such, so a copy on paper cannot pass for a valid one. */
  state?: "valid" | "expired" | "revoked";
  revokedAt?: number | null;
};

export type CertificatePdfLabels = {
  /** "Certificate of completion" */
  title: string;
  /** "This certifies that" */
  certifies: string;
  /** "has successfully completed the course" */
  completed: string;
  /** "Version" */
  version: string;
  /** "Completed on" */
  completedOn: string;
  /** "Study hours" */
  hours: string;
  /** "Credits" */
  credits: string;
  /** "Valid until" */
  validUntil: string;
  /** "No expiry" */
  noExpiry: string;
  /** "Certificate ID" */
  certificateId: string;
  /** "Scan to verify, or visit" */
  verify: string;
  /** "REVOKED" / "EXPIRED": the mark across an invalid certificate. */
  revokedMark?: string;
  expiredMark?: string;
  /** "Revoked on {{date}}: this certificate is no longer valid." with the date already filled in. */
  revokedNotice?: string;
  expiredNotice?: string;
};

export type CertificatePdfOptions = {
  issuerName: string;
  signatory: string | { name: string; role?: string };
  /** PNG or JPEG bytes, drawn in the top-left corner within 150 × 56 pt. */
  logo?: Uint8Array;
  verifyUrl: string;
  labels: CertificatePdfLabels;
  /** BCP 47 locale for dates and numbers; defaults to "en". */
  locale?: string;
};

// A4 landscape in PDF points (ISO 216: 297 × 210 mm).
const PAGE_WIDTH = 841.89;
const PAGE_HEIGHT = 595.28;
const MARGIN = 56;
const INK = rgb(0.12, 0.14, 0.2);
const MUTED = rgb(0.38, 0.4, 0.46);
const ACCENT = rgb(0.09, 0.33, 0.55);
const ALERT = rgb(0.7, 0.07, 0.07);

const require = createRequire(import.meta.url);
let fontCache: Promise<{ regular: Uint8Array; bold: Uint8Array }> | undefined;

function loadFonts() {
  // DejaVu Sans covers Latin, Greek and Cyrillic with every diacritic our learners' names use; the standard 14
  // PDF fonts only cover WinAnsi and would drop "ł", "ő", "ș"… Read once, subset per document.
  fontCache ??= (async () => {
    const dir = path.join(path.dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
    const [regular, bold] = await Promise.all([
      fs.readFile(path.join(dir, "DejaVuSans.ttf")),
      fs.readFile(path.join(dir, "DejaVuSans-Bold.ttf")),
    ]);
    return { regular, bold };
  })();
  return fontCache;
}

/** The QR code PNG for a verify URL (error correction M: survives a crease or a smudge on a printed page). */
export async function verifyQrPng(verifyUrl: string): Promise<Uint8Array> {
  return QRCode.toBuffer(verifyUrl, {
    type: "png",
    errorCorrectionLevel: "M",
    margin: 4,
    scale: 4,
    color: { dark: "#000000ff", light: "#ffffffff" },
  });
}

export async function renderCertificatePdf(
  data: CertificatePdfData,
  options: CertificatePdfOptions,
): Promise<Uint8Array> {
  const { labels } = options;
  const locale = options.locale ?? "en";
  const signatory = typeof options.signatory === "string" ? { name: options.signatory } : options.signatory;

  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const fontBytes = await loadFonts();
  // Subsetting keeps only the glyphs used: the full DejaVu Sans pair alone would be ~1.4 MB.
  const regular = await pdf.embedFont(fontBytes.regular, { subset: true });
  const bold = await pdf.embedFont(fontBytes.bold, { subset: true });

  pdf.setTitle(`${labels.title} — ${data.holderName} — ${data.courseTitle}`);
  pdf.setAuthor(options.issuerName);
  pdf.setSubject(`${data.courseTitle} (${labels.version} ${data.courseVersion})`);
  pdf.setKeywords([data.id, options.verifyUrl]);
  pdf.setLanguage(locale);
  pdf.setCreator("Lexmigra");

  const page = pdf.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
  drawFrame(page);

  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" });
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
  const formatDate = (value: Date | number) => dateFormat.format(typeof value === "number" ? new Date(value) : value);

  let top = PAGE_HEIGHT - MARGIN - 8;
  if (options.logo) {
    const logo = await embedImage(pdf, options.logo);
    const scale = Math.min(56 / logo.height, 150 / logo.width, 1);
    page.drawImage(logo, {
      x: MARGIN + 8,
      y: top - logo.height * scale,
      width: logo.width * scale,
      height: logo.height * scale,
    });
  }
  centered(page, options.issuerName.toUpperCase(), {
    font: regular,
    size: 11,
    y: top - 14,
    color: MUTED,
    // Narrow enough to clear a 150 pt logo in the top-left corner.
    maxWidth: 400,
  });

  const mark = data.state === "revoked" ? labels.revokedMark : data.state === "expired" ? labels.expiredMark : undefined;
  const notice = data.state === "revoked" ? labels.revokedNotice : data.state === "expired" ? labels.expiredNotice : undefined;
  if (notice) centered(page, notice, { font: bold, size: 12, y: top - 46, color: ALERT, maxWidth: 640 });

  top -= 92;
  centered(page, labels.title, { font: bold, size: 30, y: top, color: ACCENT, maxWidth: 640 });
  top -= 42;
  centered(page, labels.certifies, { font: regular, size: 13, y: top, color: MUTED, maxWidth: 640 });
  top -= 44;
  centered(page, data.holderName, { font: bold, size: 32, y: top, color: INK, maxWidth: 660 });
  top -= 38;
  centered(page, labels.completed, { font: regular, size: 13, y: top, color: MUTED, maxWidth: 640 });
  top -= 32;
  for (const line of wrap(data.courseTitle, bold, 20, 640).slice(0, 2)) {
    centered(page, line, { font: bold, size: 20, y: top, color: INK, maxWidth: 640 });
    top -= 26;
  }
  centered(page, `${labels.version} ${data.courseVersion}`, {
    font: regular,
    size: 11,
    y: top,
    color: MUTED,
    maxWidth: 640,
  });

  // Details, bottom left, kept clear of the signature block in the centre (whose left edge is signX - 120).
  const signX = PAGE_WIDTH / 2;
  const detailsX = MARGIN + 12;
  const detailsWidth = signX - 130 - detailsX;
  const details: [string, string][] = [
    [labels.completedOn, formatDate(data.completedAt)],
    [labels.hours, numberFormat.format(data.hours)],
  ];
  if (data.credits !== null) details.push([labels.credits, numberFormat.format(data.credits)]);
  details.push([labels.validUntil, data.validUntil === null ? labels.noExpiry : formatDate(data.validUntil)]);
  // The id is 32 characters: it gets a line of its own under its label rather than a value column too narrow for it.
  let y = MARGIN + 10 + (details.length + 1) * 16;
  const labelWidth = Math.max(...details.map(([label]) => regular.widthOfTextAtSize(`${label}:`, 9.5))) + 8;
  for (const [label, value] of details) {
    page.drawText(`${label}:`, { x: detailsX, y, size: 9.5, font: regular, color: MUTED });
    page.drawText(fit(value, bold, 9.5, detailsWidth - labelWidth), { x: detailsX + labelWidth, y, size: 9.5, font: bold, color: INK });
    y -= 16;
  }
  page.drawText(`${labels.certificateId}:`, { x: detailsX, y, size: 9.5, font: regular, color: MUTED });
  y -= 14;
  let idSize = 9.5;
  while (idSize > 6 && bold.widthOfTextAtSize(data.id, idSize) > detailsWidth) idSize -= 0.5;
  page.drawText(data.id, { x: detailsX, y, size: idSize, font: bold, color: INK });

  // Signatory, bottom centre.
  page.drawLine({
    start: { x: signX - 110, y: MARGIN + 46 },
    end: { x: signX + 110, y: MARGIN + 46 },
    thickness: 0.8,
    color: MUTED,
  });
  centered(page, signatory.name, { font: bold, size: 11, y: MARGIN + 30, color: INK, maxWidth: 240, x: signX });
  if (signatory.role) {
    centered(page, signatory.role, { font: regular, size: 9.5, y: MARGIN + 16, color: MUTED, maxWidth: 240, x: signX });
  }
  centered(page, options.issuerName, {
    font: regular,
    size: 9.5,
    y: MARGIN + (signatory.role ? 2 : 16),
    color: MUTED,
    maxWidth: 240,
    x: signX,
  });

  // QR code, bottom right, with the URL spelled out for people who cannot scan.
  const qr = await pdf.embedPng(await verifyQrPng(options.verifyUrl));
  const qrSize = 104;
  const qrX = PAGE_WIDTH - MARGIN - 12 - qrSize;
  const qrY = MARGIN + 26;
  page.drawImage(qr, { x: qrX, y: qrY, width: qrSize, height: qrSize });
  const captionX = qrX + qrSize / 2;
  centered(page, labels.verify, { font: regular, size: 7.5, y: qrY - 10, color: MUTED, maxWidth: 150, x: captionX });
  breakUrl(options.verifyUrl, regular, 7, 150)
    .slice(0, 3)
    .forEach((line, i) => {
      centered(page, line, { font: regular, size: 7, y: qrY - 20 - i * 9, color: ACCENT, maxWidth: 150, x: captionX });
    });

  if (mark) {
    // Across the middle of the page, behind nothing: whatever is cut out or copied, the mark comes with it.
    const size = 96;
    const width = bold.widthOfTextAtSize(mark, size);
    const angle = 24;
    const radians = (angle * Math.PI) / 180;
    page.drawText(mark, {
      x: PAGE_WIDTH / 2 - (width / 2) * Math.cos(radians) + (size / 3) * Math.sin(radians),
      y: PAGE_HEIGHT / 2 - (width / 2) * Math.sin(radians) - (size / 3) * Math.cos(radians),
      size,
      font: bold,
      color: ALERT,
      opacity: 0.22,
      rotate: degrees(angle),
    });
  }

  return pdf.save();
}

function drawFrame(page: PDFPage) {
  const inset = 24;
  page.drawRectangle({
    x: inset,
    y: inset,
    width: PAGE_WIDTH - 2 * inset,
    height: PAGE_HEIGHT - 2 * inset,
    borderColor: ACCENT,
    borderWidth: 2,
  });
  page.drawRectangle({
    x: inset + 6,
    y: inset + 6,
    width: PAGE_WIDTH - 2 * inset - 12,
    height: PAGE_HEIGHT - 2 * inset - 12,
    borderColor: ACCENT,
    borderWidth: 0.6,
  });
}

async function embedImage(pdf: PDFDocument, bytes: Uint8Array): Promise<PDFImage> {
  const isPng = bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const isJpeg = bytes[0] === 0xff && bytes[1] === 0xd8;
  if (isPng) return pdf.embedPng(bytes);
  if (isJpeg) return pdf.embedJpg(bytes);
  throw new Error("The certificate logo must be a PNG or JPEG image.");
}

type TextStyle = {
  font: PDFFont;
  size: number;
  y: number;
  color: ReturnType<typeof rgb>;
  maxWidth: number;
  x?: number;
};

/** Draws text centred on `x` (default: the page centre), shrinking it to fit rather than overflowing the frame. */
function centered(page: PDFPage, text: string, style: TextStyle) {
  let size = style.size;
  while (size > 6 && style.font.widthOfTextAtSize(text, size) > style.maxWidth) size -= 0.5;
  const shown = fit(text, style.font, size, style.maxWidth);
  const width = style.font.widthOfTextAtSize(shown, size);
  page.drawText(shown, {
    x: (style.x ?? PAGE_WIDTH / 2) - width / 2,
    y: style.y,
    size,
    font: style.font,
    color: style.color,
  });
}

/** Truncates with an ellipsis as a last resort (only reached by absurdly long values). */
function fit(text: string, font: PDFFont, size: number, maxWidth: number): string {
  if (font.widthOfTextAtSize(text, size) <= maxWidth) return text;
  let shown = text;
  while (shown.length > 1 && font.widthOfTextAtSize(`${shown}…`, size) > maxWidth) shown = shown.slice(0, -1);
  return `${shown}…`;
}

function wrap(text: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(candidate, size) > maxWidth) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  if (lines.length > 2) lines[1] = lines.slice(1).join(" ");
  return lines;
}

/** Splits a URL over lines at its slashes so that it stays readable and copyable from the page. */
function breakUrl(url: string, font: PDFFont, size: number, maxWidth: number): string[] {
  const parts = url.split(/(?<=\/)/);
  const lines: string[] = [];
  let line = "";
  for (const part of parts) {
    if (line && font.widthOfTextAtSize(line + part, size) > maxWidth) {
      lines.push(line);
      line = part;
    } else {
      line += part;
    }
  }
  if (line) lines.push(line);
  return lines;
}

// Reading a generated PDF back the way a machine would: its text through pdfjs, and every QR code decoded from the
// images actually painted on the page.
import jsQR from "jsqr";
import { getDocument, ImageKind, OPS } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { PDFPageProxy } from "pdfjs-dist/legacy/build/pdf.mjs";

export type { PDFPageProxy };

/** The first page, after checking the document has `expectedPages` pages. */
export async function firstPage(pdf: Uint8Array, expectedPages = 1): Promise<PDFPageProxy> {
  // pdfjs takes ownership of (detaches) the buffer it is given.
  const document = await getDocument({ data: pdf.slice(), isEvalSupported: false }).promise;
  if (document.numPages !== expectedPages) throw new Error(`expected ${expectedPages} page(s), found ${document.numPages}`);
  return document.getPage(1);
}

export async function pageText(page: PDFPageProxy): Promise<string> {
  const content = await page.getTextContent();
  return content.items.map((item) => ("str" in item ? item.str : "")).join(" ");
}

export type PlacedText = { text: string; x: number; y: number; width: number; height: number };

/** Each run of text with its box in PDF points (origin bottom left), to check that nothing overlaps. */
export async function placedText(page: PDFPageProxy): Promise<PlacedText[]> {
  const content = await page.getTextContent();
  return content.items.flatMap((item) =>
    "str" in item && item.str.trim()
      ? [{ text: item.str, x: item.transform[4], y: item.transform[5], width: item.width, height: item.height }]
      : [],
  );
}

/** Pairs of text runs whose boxes intersect. */
export function overlappingText(runs: PlacedText[]): [string, string][] {
  const overlaps: [string, string][] = [];
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i];
      const b = runs[j];
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      if (!apart) overlaps.push([a.text, b.text]);
    }
  }
  return overlaps;
}

/** Decodes every image painted on the page as a QR code; returns the texts found. */
export async function qrCodes(page: PDFPageProxy): Promise<string[]> {
  const operators = await page.getOperatorList();
  const found: string[] = [];
  for (let i = 0; i < operators.fnArray.length; i++) {
    if (operators.fnArray[i] !== OPS.paintImageXObject) continue;
    const name = operators.argsArray[i][0] as string;
    const image = (await new Promise((resolve) => page.objs.get(name, resolve))) as {
      width: number;
      height: number;
      kind: number;
      data: Uint8ClampedArray;
    };
    const rgba = new Uint8ClampedArray(image.width * image.height * 4);
    if (image.kind === ImageKind.RGB_24BPP) {
      for (let p = 0; p < image.width * image.height; p++) {
        rgba.set([image.data[p * 3], image.data[p * 3 + 1], image.data[p * 3 + 2], 255], p * 4);
      }
    } else if (image.kind === ImageKind.RGBA_32BPP) {
      rgba.set(image.data);
    } else {
      continue;
    }
    const code = jsQR(rgba, image.width, image.height);
    if (code) found.push(code.data);
  }
  return found;
}

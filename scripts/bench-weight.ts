// Cold-load weight, imported by scripts/bench.ts: one page opened in a fresh Chromium context (empty cache), with and
// without JavaScript, counting every request the page makes and the bytes received for them (headers and
// compressed bodies, as DevTools' "transferred" column: CDP's encodedDataLength at loadingFinished).
import { chromium, type Browser } from "playwright-core";

export type Weight = { requests: number; bytes: number; failed: number; assets: { url: string; bytes: number }[] };

const CHROMIUM = process.env.PLAYWRIGHT_CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] });
}

export async function coldLoad(browser: Browser, url: string, opts: { javaScript: boolean; cookie?: string }): Promise<Weight> {
  // The session travels as a header: CDP refuses to plant a __Host- (Secure) cookie for a plain-http origin, though
  // Chromium keeps one that the server sets on loopback. Every request goes to the one origin, so it is the same.
  const context = await browser.newContext({
    javaScriptEnabled: opts.javaScript,
    extraHTTPHeaders: opts.cookie ? { Cookie: opts.cookie } : {},
  });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const sent = new Map<string, string>();
    const assets: Weight["assets"] = [];
    let bytes = 0;
    let failed = 0;
    cdp.on("Network.requestWillBeSent", (e) => sent.set(e.requestId, e.request.url));
    cdp.on("Network.loadingFinished", (e) => {
      bytes += e.encodedDataLength;
      assets.push({ url: sent.get(e.requestId) ?? "?", bytes: e.encodedDataLength });
    });
    const cancelled = new Set<string>();
    cdp.on("Network.loadingFailed", (e) => {
      // Without JavaScript, Chromium drops the page's modulepreloads unsent: that is no failure of the server.
      if (e.canceled || e.blockedReason || /ERR_ABORTED|ERR_BLOCKED/.test(e.errorText)) cancelled.add(e.requestId);
      else {
        failed++;
        console.error(`cold load of ${url}: ${e.errorText}`);
      }
    });
    await cdp.send("Network.enable");
    await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
    const response = await page.goto(url, { waitUntil: "networkidle" });
    if (!response?.ok()) failed++;
    // The hydrated page may still fetch a locale chunk it discovers late; give it a moment to appear.
    await page.waitForTimeout(300);
    await page.waitForLoadState("networkidle");
    return { requests: sent.size - cancelled.size, bytes, failed, assets };
  } finally {
    await context.close();
  }
}

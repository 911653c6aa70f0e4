// The route boundary's reading of forms and search parameters (app/http.server.ts): text that no person types and
// that one engine refuses never reaches a capability.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, parseSearch, readForm, SearchText } from "~/http.server";

describe("the input boundary", () => {
  it("drops U+0000 from form fields, which PostgreSQL refuses in text and SQLite would store", async () => {
    const request = new Request("http://localhost/register", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "fullName=Ana%00%20Lima&organisation=%00Border%00",
    });
    const form = await parseForm(request, z.object({ fullName: z.string(), organisation: z.string() }));
    expect(form).toEqual({ fullName: "Ana Lima", organisation: "Border" });
  });

  it("drops U+0000 from search parameters", () => {
    const request = new Request("http://localhost/admin/certificates?course=%00&holder=Ana%00Lima");
    expect(parseSearch(request, z.object({ course: SearchText, holder: SearchText }))).toEqual({ course: "", holder: "AnaLima" });
  });

  // readForm splits URL-encoded bodies itself (no second Request around formData()): it must read them exactly as
  // Request.formData() does, NUL aside.
  it.each([
    "seq=3&intent=ANSWER&questionId=child-means&option=means&enhanced=1",
    "option=a&option=b&option=c",
    "q=caf%C3%A9+cr%C3%A8me&empty=&=noname&flag",
    "bad=%E0%A4%A&pct=100%&plus=a+b%2Bc&amp=x%26y%3Dz",
    "%FF=%FE&\u00e9t\u00e9=\u00e9",
    "",
  ])("reads the URL-encoded body %j as Request.formData() does", async (body) => {
    const post = () => new Request("http://localhost/attempts/x", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded; charset=UTF-8" }, body });
    expect([...(await readForm(post())).entries()]).toEqual([...(await post().formData()).entries()]);
  });

  it("refuses a URL-encoded body past the limit with 413 while reading it, when no length was declared", async () => {
    const chunk = new TextEncoder().encode(`note=${"x".repeat(1000)}`);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 100) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const request = new Request("http://localhost/account", { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body, duplex: "half" } as RequestInit);
    await expect(readForm(request, { maxBytes: 10_000 })).rejects.toMatchObject({ status: 413 });
    // Well before the whole 100 kB was pulled.
    expect(sent).toBeLessThan(20);
  });
});

// The route boundary's reading of forms and search parameters (app/http.server.ts): text that no person types and
// that one engine refuses never reaches a capability.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm, parseSearch, SearchText } from "~/http.server";

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
});

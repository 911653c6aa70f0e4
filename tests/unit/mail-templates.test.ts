// Every mail kind renders in every language from the data fields ADR 0023 documents: nothing left uninterpolated,
// an accessible HTML document, and an unsubscribe link on reminders only.
import { describe, expect, it } from "vitest";
import { MAIL_KINDS, REMINDER_KINDS } from "#db/schema/mail-values";
import { renderMail } from "~/mail/templates.server";

const data = {
  fullName: "Amara Okafor",
  learnerName: "Amara Okafor",
  supervisorName: "Jonas Berg",
  courseTitle: "Trafficking in persons",
  unitName: "Crossing point North",
  dueDate: "2027-03-04",
  expiryDate: "2027-05-01",
  daysLeft: 7,
  expiresAt: Date.UTC(2027, 2, 4, 13, 30),
  link: "https://lexmigra.example.org/x?a=1&b=2",
};

describe("mail templates", () => {
  for (const locale of ["en", "fr", "es"] as const) {
    for (const kind of MAIL_KINDS) {
      it(`${kind} in ${locale}`, () => {
        const mail = renderMail(kind, locale, data, { unsubscribeUrl: "https://lexmigra.example.org/unsubscribe/abc" });
        for (const part of [mail.subject, mail.text, mail.html]) {
          expect(part).not.toMatch(/\{\{|\}\}|mail\.[a-z-]+\./);
        }
        expect(mail.subject.length).toBeGreaterThan(10);
        expect(mail.html).toContain(`<html lang="${locale}">`);
        expect(mail.html.match(/<h1/g)).toHaveLength(1);
        expect(mail.html).toContain('href="https://lexmigra.example.org/x?a=1&amp;b=2"');
        expect(mail.text).toContain("https://lexmigra.example.org/x?a=1&b=2");
        const isReminder = REMINDER_KINDS.includes(kind);
        expect(mail.text.includes("/unsubscribe/abc")).toBe(isReminder);
        expect(mail.html.includes("/unsubscribe/abc")).toBe(isReminder);
      });
    }
  }

  it("formats dates for the reader", () => {
    expect(renderMail("assignment-due", "fr", data).subject).toBe("À terminer aujourd’hui : « Trafficking in persons »");
    expect(renderMail("assignment-overdue", "fr", data).text).toContain("4 mars 2027");
    expect(renderMail("certificate-expiring", "en", data).subject).toContain("May 1, 2027");
    expect(renderMail("password-reset", "es", data).text).toContain("4 de marzo de 2027");
  });

  it("greets the supervisor in an escalation", () => {
    expect(renderMail("assignment-escalation", "en", data).text.startsWith("Hello Jonas Berg,")).toBe(true);
  });
});

// A real SMTP server on loopback that keeps every message it accepts, parsed (mailparser): for integration tests
// (start it, point the sender at `url`, wait for a message to an address) and for Playwright's global setup, which
// also writes each message as JSON into a folder a spec can read. It can refuse mail on purpose, to test retries:
// `refuse = "temporary"` answers 451 to every message, `"permanent"` 550; `stop()` and `start()` again on the same
// port simulate an outage.
import fs from "node:fs";
import path from "node:path";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

export type CapturedMail = {
  to: string[];
  from: string;
  subject: string;
  text: string;
  html: string;
  /** Header names lower-cased, values as text ("list-unsubscribe", "content-language"). */
  headers: Record<string, string>;
  /** Every http(s) link in the text part, in order. */
  links: string[];
  receivedAt: number;
};

export type SmtpCapture = {
  url: string;
  port: number;
  messages: CapturedMail[];
  refuse: "no" | "temporary" | "permanent";
  /** Resolves with the first message to `address` (lower case) received after `since` messages to it. */
  waitFor(address: string, options?: { timeoutMs?: number; after?: number }): Promise<CapturedMail>;
  messagesTo(address: string): CapturedMail[];
  stop(): Promise<void>;
  /** Starts again on the same port after stop(). */
  start(): Promise<void>;
};

export async function startSmtpCapture(options: { port?: number; dir?: string } = {}): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  const waiters = new Set<() => void>();
  let server: SMTPServer | undefined;
  let port = options.port ?? 0;

  const capture: SmtpCapture = {
    url: "",
    port: 0,
    messages,
    refuse: "no",
    messagesTo: (address) => messages.filter((m) => m.to.includes(address.toLowerCase())),
    waitFor(address, { timeoutMs = 15_000, after = 0 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = capture.messagesTo(address)[after];
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no message to ${address} within ${timeoutMs} ms (${messages.length} captured)`));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
    stop: () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
    async start() {
      server = new SMTPServer({
        secure: false,
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on("data", (chunk: Buffer) => chunks.push(chunk));
          stream.on("end", async () => {
            if (capture.refuse === "temporary") return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
            if (capture.refuse === "permanent") return callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
            try {
              const parsed = await simpleParser(Buffer.concat(chunks));
              const headers: Record<string, string> = {};
              // The raw lines (unfolded), not mailparser's structured values, which regroup List-* headers.
              for (const { key, line } of parsed.headerLines) headers[key.toLowerCase()] = line.slice(line.indexOf(":") + 1).replace(/\r?\n\s+/g, " ").trim();
              const text = parsed.text ?? "";
              const mail: CapturedMail = {
                to: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
                subject: parsed.subject ?? "",
                text,
                html: typeof parsed.html === "string" ? parsed.html : "",
                headers,
                links: [...text.matchAll(/https?:\/\/[^\s<>"]+/g)].map((m) => m[0]),
                receivedAt: Date.now(),
              };
              messages.push(mail);
              if (options.dir) {
                fs.mkdirSync(options.dir, { recursive: true });
                const file = path.join(options.dir, `${Date.now()}-${messages.length}.json`);
                fs.writeFileSync(`${file}.tmp`, JSON.stringify(mail, null, 2));
                fs.renameSync(`${file}.tmp`, file);
              }
              for (const waiter of [...waiters]) waiter();
              callback();
            } catch (error) {
              callback(error as Error);
            }
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        server!.once("error", reject);
        server!.listen(port, "127.0.0.1", () => resolve());
      });
      const address = (server as unknown as { server: { address(): { port: number } } }).server.address();
      port = address.port;
      capture.port = port;
      capture.url = `smtp://127.0.0.1:${port}`;
    },
  };
  await capture.start();
  return capture;
}

/** Messages a capture started with `dir` has written (Playwright specs read these), oldest first. */
export function readCapturedMail(dir: string): CapturedMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || a.localeCompare(b))
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")) as CapturedMail);
}

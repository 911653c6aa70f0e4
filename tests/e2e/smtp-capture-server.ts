// The SMTP server of the journeys: started by Playwright as the first of its web servers (playwright.config.ts),
// before the app, which sends to it (SMTP_URL). Each accepted message is written as JSON into SMTP_CAPTURE_DIR,
// where a spec reads it (`mailTo` in ./support.ts). Stopped by Playwright with the app.
import { startSmtpCapture } from "../support/smtp-capture";

const port = Number(process.env.SMTP_CAPTURE_PORT);
const dir = process.env.SMTP_CAPTURE_DIR;
if (!port || !dir) throw new Error("SMTP_CAPTURE_PORT and SMTP_CAPTURE_DIR are required");
const capture = await startSmtpCapture({ port, dir });
console.log(`SMTP capture listening on ${capture.url}, writing to ${dir}`);
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => void capture.stop().finally(() => process.exit(0)));

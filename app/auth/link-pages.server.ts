// The boundary of the one-time link pages (/reset-password, /welcome, /verify-email): a link that cannot be used
// renders the page's "link problem" view with a 4xx (410 used or expired, 404 unknown), whatever the page.
import { data } from "@remix-run/node";
import { AccountLinkError } from "./account-recovery.server";

export type LinkProblem = { linkProblem: "used" | "expired" | "unknown" };

export async function orLinkProblem<T>(work: () => Promise<T>) {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof AccountLinkError)) throw error;
    return data({ linkProblem: error.state } satisfies LinkProblem as LinkProblem, { status: error.state === "unknown" ? 404 : 410 });
  }
}

// The studio's code editor (issue 13): CodeMirror 6 over the page's textarea, which stays the form's field, so Save
// and Preview post what the editor holds exactly as without JavaScript. Markdown mode for lessons, a toolbar for the
// format's callouts and citations (courses/README.md), completion of bibliography keys after `[[`, and autosave.
// Imported dynamically by the file editor route only: learner pages never load it.
import { autocompletion, type CompletionContext } from "@codemirror/autocomplete";
import { markdown } from "@codemirror/lang-markdown";
import { EditorView, basicSetup } from "codemirror";

export type EditorOptions = {
  bibliographyKeys: string[];
  isMarkdown: boolean;
  /** The draft's autosave resource route (studio.drafts.$draftId.autosave.tsx) and the file's path. */
  autosaveUrl: string;
  path: string;
  labels: Record<"toolbar" | "keyPoint" | "caseStudy" | "caution" | "citation" | "saving" | "saved" | "conflict" | "failed", string>;
  status: HTMLElement | null;
  /** Told the text after each change (the page asks the server for a fresh preview). */
  onChange?: (text: string) => void;
};

/**
 * This document's CSP nonce (server.js). CodeMirror writes its layout into a <style> element, which the policy
 * refuses without it: the editor would then be unstyled and overflow the page. Browsers hide the nonce attribute
 * once the page has loaded, but keep it in the `nonce` property of the server-rendered scripts.
 */
function documentNonce(): string {
  for (const script of document.querySelectorAll("script")) if (script.nonce) return script.nonce;
  return "";
}

const AUTOSAVE_DELAY_MS = 2000;

/** Completes `[[key` with the course's bibliography keys. */
function citationCompletion(keys: string[]) {
  return (context: CompletionContext) => {
    const match = context.matchBefore(/\[\[[a-z0-9-]*/);
    if (!match) return null;
    return { from: match.from + 2, options: keys.map((key) => ({ label: key, type: "variable" })), validFor: /^[a-z0-9-]*$/ };
  };
}

export function enhanceEditor(textarea: HTMLTextAreaElement, options: EditorOptions): () => void {
  const form = textarea.form!;
  const revisionInput = form.querySelector<HTMLInputElement>('input[name="revision"]')!;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let isStopped = false;
  const say = (text: string) => {
    if (options.status) options.status.textContent = text;
  };

  const autosave = async () => {
    if (isStopped) return;
    say(options.labels.saving);
    const body = new FormData();
    body.set("path", options.path);
    body.set("text", view.state.doc.toString());
    body.set("revision", revisionInput.value);
    try {
      const response = await fetch(options.autosaveUrl, { method: "POST", body });
      if (response.status === 409) {
        // Stop: the person saves with the button and sees both texts on the conflict page.
        isStopped = true;
        say(options.labels.conflict);
        return;
      }
      if (!response.ok) throw new Error(String(response.status));
      const { revision } = (await response.json()) as { revision: number };
      revisionInput.value = String(revision);
      say(options.labels.saved);
    } catch {
      say(options.labels.failed);
    }
  };

  const view = new EditorView({
    doc: textarea.value,
    extensions: [
      basicSetup,
      EditorView.cspNonce.of(documentNonce()),
      EditorView.lineWrapping,
      ...(options.isMarkdown ? [markdown()] : []),
      autocompletion({ override: [citationCompletion(options.bibliographyKeys)] }),
      EditorView.contentAttributes.of({ "aria-label": textarea.labels?.[0]?.textContent ?? "" }),
      EditorView.updateListener.of((update) => {
        if (!update.docChanged) return;
        textarea.value = update.state.doc.toString();
        options.onChange?.(textarea.value);
        clearTimeout(timer);
        timer = setTimeout(() => void autosave(), AUTOSAVE_DELAY_MS);
      }),
    ],
  });

  const insert = (before: string, after = "") => {
    const { from, to } = view.state.selection.main;
    const selected = view.state.sliceDoc(from, to);
    view.dispatch({
      changes: { from, to, insert: `${before}${selected}${after}` },
      selection: { anchor: from + before.length + selected.length },
    });
    view.focus();
  };

  const toolbar = document.createElement("div");
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", options.labels.toolbar);
  toolbar.className = "button-row editor-toolbar";
  if (options.isMarkdown) {
    const buttons: [string, () => void][] = [
      [options.labels.keyPoint, () => insert("\n:::key-point\n", "\n:::\n")],
      [options.labels.caseStudy, () => insert('\n:::case-study{title=""}\n', "\n:::\n")],
      [options.labels.caution, () => insert("\n:::caution\n", "\n:::\n")],
      [options.labels.citation, () => insert("[[", "]]")],
    ];
    for (const [label, run] of buttons) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "secondary";
      button.textContent = label;
      button.addEventListener("click", run);
      toolbar.append(button);
    }
  }

  textarea.hidden = true;
  textarea.after(toolbar, view.dom);
  const onSubmit = () => {
    clearTimeout(timer);
    textarea.value = view.state.doc.toString();
  };
  form.addEventListener("submit", onSubmit);

  return () => {
    clearTimeout(timer);
    isStopped = true;
    form.removeEventListener("submit", onSubmit);
    view.destroy();
    toolbar.remove();
    textarea.hidden = false;
  };
}

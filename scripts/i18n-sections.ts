// Which top-level sections of the locale files each route can show, derived from the source (ADR 0031), so that the
// browser gets only those: the server inlines them into the document, and a route module fetches what it lacks
// before it renders. Computed at build time from the route's whole import graph, server modules included (an
// action's field message is a key made on the server and translated in the browser), so no list can go stale.
//
// A section counts as used by a module when a string literal or the head of a template literal in it starts with
// "<section>." for a section that exists in en.json: `t("quiz.next")`, `t(\`quiz.status.${s}\`)` and a zod
// message "errors.language.invalid" alike. Over-counting (a file name "course.yaml") costs a few bytes; under-
// counting would show a raw key, which tests/unit/i18n-sections.test.ts guards against.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";
import type { Plugin } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const appDir = path.join(root, "app");
const EXTENSIONS = ["", ".ts", ".tsx", ".js", ".jsx", "/index.ts", "/index.tsx"];

type Tree = { [key: string]: string | Tree };

export function readLocale(): Tree {
  return JSON.parse(fs.readFileSync(path.join(appDir, "i18n/locales/en.json"), "utf8"));
}

/**
 * The unit a key or key prefix needs: "<section>.<group>" when that group is an object (`studio.nav.link` needs
 * `studio.nav`, not the whole studio), else the whole section (`errors.title`, or the bare prefix `errors.`).
 */
export function unitOf(locale: Tree, text: string): string | null {
  const [section, group] = text.split(".");
  const value = locale[section];
  if (value === undefined || !text.startsWith(`${section}.`)) return null;
  if (typeof value === "object" && group && typeof value[group] === "object" && text.length > section.length + group.length + 1)
    return `${section}.${group}`;
  return section;
}

/** Route id (as Remix names it: "root", "routes/<file>") → absolute path of its module. */
export function routeFiles(): Map<string, string> {
  const routes = new Map<string, string>([["root", path.join(appDir, "root.tsx")]]);
  for (const entry of fs.readdirSync(path.join(appDir, "routes"), { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const file = ["route.tsx", "route.ts"].map((f) => path.join(appDir, "routes", entry.name, f)).find((f) => fs.existsSync(f));
      if (file) routes.set(`routes/${entry.name}`, file);
    } else if (/\.tsx?$/.test(entry.name) && !/\.test\./.test(entry.name)) {
      routes.set(`routes/${entry.name.replace(/\.tsx?$/, "")}`, path.join(appDir, "routes", entry.name));
    }
  }
  return routes;
}

function resolveImport(from: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("~/")) base = path.join(appDir, specifier.slice(2));
  else if (specifier.startsWith("#db/")) base = path.join(root, "db", specifier.slice(4));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(from), specifier);
  else return null; // a package: its strings are not our keys
  base = base.replace(/\?.*$/, "");
  for (const ext of EXTENSIONS) {
    const candidate = base + ext;
    if (/\.(tsx?|jsx?)$/.test(candidate) && fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return null;
}

type FileFacts = { imports: string[]; sections: Set<string> };

export function createScanner(locale = readLocale()) {
  const facts = new Map<string, FileFacts>();

  function factsOf(file: string): FileFacts {
    let found = facts.get(file);
    if (found) return found;
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, false, file.endsWith("x") ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
    const imports: string[] = [];
    const used = new Set<string>();
    const importFrom = (specifier: ts.Expression | undefined) => {
      const resolved = specifier && ts.isStringLiteral(specifier) ? resolveImport(file, specifier.text) : null;
      if (resolved) imports.push(resolved);
    };
    const visit = (node: ts.Node): void => {
      // `import type` brings no runtime strings; anything else imported may (a re-export, a side effect).
      if (ts.isImportDeclaration(node)) {
        if (!node.importClause?.isTypeOnly) importFrom(node.moduleSpecifier);
        return;
      }
      if (ts.isExportDeclaration(node)) {
        if (!node.isTypeOnly) importFrom(node.moduleSpecifier);
        return;
      }
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) importFrom(node.arguments[0]);
      let text: string | null = null;
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) text = node.text;
      else if (ts.isTemplateExpression(node)) text = node.head.text;
      const unit = text ? unitOf(locale, text) : null;
      if (unit) used.add(unit);
      ts.forEachChild(node, visit);
    };
    visit(source);
    found = { imports, sections: used };
    facts.set(file, found);
    return found;
  }

  /** The units used by `file` and everything it imports, sorted, none inside another. */
  function sectionsOf(file: string): string[] {
    const used = new Set<string>();
    const seen = new Set<string>();
    const stack = [file];
    while (stack.length > 0) {
      const current = stack.pop()!;
      if (seen.has(current)) continue;
      seen.add(current);
      const { imports, sections: own } = factsOf(current);
      for (const s of own) used.add(s);
      stack.push(...imports);
    }
    return [...used].filter((u) => !(u.includes(".") && used.has(u.split(".")[0]))).sort();
  }

  return { sectionsOf };
}

/** Route id → the sections it uses, for every route. */
export function routeSections(): Record<string, string[]> {
  const scanner = createScanner();
  return Object.fromEntries([...routeFiles()].map(([id, file]) => [id, scanner.sectionsOf(file)]));
}

const VIRTUAL = "virtual:lexmigra/route-sections";
const CLIENT_SECTIONS = path.join(appDir, "i18n/client-sections.ts");

/**
 * - `virtual:lexmigra/route-sections` exports the route id → sections table (read by entry.server.tsx).
 * - In the browser build, each route module waits, before it evaluates, for its sections in the current language
 *   (a top-level await: Remix awaits the route module before rendering the route, in parallel with its data).
 */
export function i18nSections(): Plugin {
  let table: Record<string, string[]> | null = null;
  let byFile: Map<string, string[]> | null = null;
  const tableNow = () => (table ??= routeSections());
  const routeOf = (file: string) => {
    if (!byFile) {
      const files = routeFiles();
      byFile = new Map([...files].map(([id, f]) => [f, tableNow()[id]]));
    }
    return byFile.get(file);
  };
  return {
    name: "lexmigra-i18n-sections",
    enforce: "post",
    buildStart() {
      table = null;
      byFile = null;
    },
    // `npm run dev`: a changed source may use another unit; recompute at the next request for the table.
    configureServer(server) {
      server.watcher.on("change", () => {
        table = null;
        byFile = null;
        const virtual = server.moduleGraph.getModuleById(`\0${VIRTUAL}`);
        if (virtual) server.moduleGraph.invalidateModule(virtual);
      });
    },
    resolveId(id) {
      return id === VIRTUAL ? `\0${VIRTUAL}` : null;
    },
    load(id) {
      return id === `\0${VIRTUAL}` ? `export default ${JSON.stringify(tableNow())};` : null;
    },
    transform(code, id, options) {
      if (options?.ssr) return null;
      const [file, query] = id.split("?");
      if (query) return null;
      const sections = routeOf(file);
      // A resource route (no component) is never loaded by the browser.
      if (!sections || !/export\s+default|as default\b/.test(code)) return null;
      return {
        code: `${code}\nimport { ensureSections as __ensureSections } from ${JSON.stringify(CLIENT_SECTIONS)};\nawait __ensureSections(${JSON.stringify(sections)});\n`,
        map: null,
      };
    },
  };
}

const BROWSER_I18NEXT: Record<string, string> = {
  i18next: path.join(appDir, "i18n/browser/i18next.ts"),
  "react-i18next": path.join(appDir, "i18n/browser/react-i18next.tsx"),
};

/**
 * The client build resolves "i18next" and "react-i18next" to app/i18n/browser/: the part of them the pages use, in
 * about a tenth of the bytes (ADR 0052). The server (and every test under Node) keeps the real libraries, and
 * tests/unit/browser-i18next.test.ts holds the two to the same text for every key of every locale.
 */
export function browserI18next(): Plugin {
  return {
    name: "lexmigra-browser-i18next",
    enforce: "pre",
    resolveId(source, _importer, options) {
      if (options?.ssr) return null;
      return BROWSER_I18NEXT[source] ?? null;
    },
  };
}

import Handlebars from "handlebars";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const TEMPLATES_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../templates");

export type TemplateName = "check-summary" | "pr-comment" | "dashboard" | "scan";

let env: typeof Handlebars | null = null;
const compiled = new Map<TemplateName, Handlebars.TemplateDelegate>();

/**
 * Markdown is the output, so HTML escaping is off: view-models escape what users control
 * (format.ts `cell`/`inline`). Templates hold loops and conditionals only.
 */
function handlebars(): typeof Handlebars {
  if (env) return env;
  env = Handlebars.create();
  const partials = path.join(TEMPLATES_DIR, "partials");
  for (const file of readdirSync(partials)) {
    if (file.endsWith(".hbs")) env.registerPartial(file.slice(0, -4), readFileSync(path.join(partials, file), "utf8"));
  }
  return env;
}

export function renderTemplate(name: TemplateName, view: object): string {
  let t = compiled.get(name);
  if (!t) {
    const src = readFileSync(path.join(TEMPLATES_DIR, `${name}.hbs`), "utf8");
    t = handlebars().compile(src, { noEscape: true, strict: false });
    compiled.set(name, t);
  }
  return t(view).replace(/\n{3,}/g, "\n\n").trim() + "\n";
}

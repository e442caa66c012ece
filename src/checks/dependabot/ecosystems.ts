/**
 * Which package ecosystems a repository has, from its file paths alone (pure).
 * Names are Dependabot's `package-ecosystem` values.
 */

export interface EcosystemDir {
  ecosystem: string;
  /** posix directory relative to the root, "" for the root (Dependabot's "/") */
  directory: string;
  /** the manifests and lockfiles found there, primary manifest first */
  paths: string[];
}

type Matcher = (base: string, path: string) => boolean;
/** dockerfile.go, Dockerfile.md: source and docs about Dockerfiles, not Dockerfiles */
const NOT_A_DOCKERFILE = /\.(md|markdown|rst|txt|go|py|rb|rs|js|ts|java|kt|cs|json|html|sh|ps1|bak|orig|swp)$/;
const is = (...names: string[]): Matcher => (base) => names.includes(base);

/** Order within an ecosystem: the first name is the manifest named in findings. */
const RULES: [string, Matcher][] = [
  // first: a workflow named compose.yml is still a workflow
  ["github-actions", (_b, p) => (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(p)) || p === "action.yml" || p === "action.yaml"],
  ["npm", is("package.json", "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb")],
  ["gomod", is("go.mod")],
  ["pip", (b, p) => (b.endsWith(".txt") && (b.startsWith("requirements") || /(^|\/)requirements\/[^/]+$/.test(p))) || ["pyproject.toml", "pipfile", "pipfile.lock", "setup.py", "setup.cfg", "poetry.lock"].includes(b)],
  ["cargo", is("cargo.toml", "cargo.lock")],
  ["maven", is("pom.xml")],
  // settings.gradle marks a multi-project root even where the root has no build script of its own
  ["gradle", is("build.gradle", "build.gradle.kts", "settings.gradle", "settings.gradle.kts")],
  ["bundler", (b) => b === "gemfile" || b === "gemfile.lock" || b.endsWith(".gemspec")],
  ["composer", is("composer.json")],
  ["docker-compose", (b) => /^(docker-)?compose(\.[\w.-]+)?\.ya?ml$/.test(b)],
  ["docker", (b) => b === "dockerfile" || (b.startsWith("dockerfile.") && !NOT_A_DOCKERFILE.test(b)) || b.endsWith(".dockerfile") || b === "containerfile"],
  ["nuget", (b) => /\.((cs|fs|vb)proj|slnx?)$/.test(b) || b === "packages.config" || b === "directory.packages.props"],
  ["mix", is("mix.exs")],
  ["pub", is("pubspec.yaml")],
  ["swift", is("package.swift")],
  ["terraform", (b) => b.endsWith(".tf")],
  ["gitsubmodule", (_b, p) => p === ".gitmodules"],
  ["elm", is("elm.json")],
];

/**
 * Directories whose manifests are not the project's own: installed or vendored dependencies,
 * and test data. Matched against any path segment, case-insensitively.
 */
export const IGNORED_DIRS = [
  "node_modules", "bower_components", "vendor", "third_party", "third-party", ".venv", "venv", "site-packages",
  "testdata", "test-data", "fixtures", "__fixtures__", "test_fixtures",
  // example projects ship nothing (Renovate's recommended preset skips them too); Go hides _examples
  "examples", "_examples",
  // Yarn's editor SDKs and cache; Terraform's provider cache
  ".yarn", ".terraform",
] as const;
const IGNORED = new Set<string>(IGNORED_DIRS);

const NPM_LOCKS = ["package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "bun.lock", "bun.lockb"];
/** Maven test data: projects under src/test/resources and Maven Invoker's src/it are inputs of tests. */
const TEST_PROJECTS = /(^|\/)src\/(test\/resources|it)\//;
/**
 * What makes a nested directory a build of its own rather than a member of its ancestor's: its
 * own lockfile (npm, Cargo: members share the root's). Not a nested settings.gradle: Dependabot
 * follows the root's includeBuild to those.
 */
const OWN_BUILD: Record<string, readonly string[]> = {
  npm: NPM_LOCKS,
  cargo: ["cargo.lock"],
};

/** Every (ecosystem, directory) pair with its manifests, in tree order. */
export function detectEcosystems(tree: readonly string[]): EcosystemDir[] {
  const byKey = new Map<string, EcosystemDir>();
  for (const path of tree) {
    const segments = path.split("/");
    const base = segments[segments.length - 1]!.toLowerCase();
    if (segments.slice(0, -1).some((s) => IGNORED.has(s.toLowerCase())) || TEST_PROJECTS.test(path)) continue;
    for (const [ecosystem, match] of RULES) {
      if (!match(base, path.toLowerCase())) continue;
      const directory = directoryOf(ecosystem, segments);
      const key = `${ecosystem}\0${directory}`;
      const entry = byKey.get(key) ?? { ecosystem, directory, paths: [] };
      entry.paths.push(path);
      byKey.set(key, entry);
      break;
    }
  }
  const out = [...byKey.values()];
  for (const e of out) e.paths.sort((a, b) => primaryRank(e.ecosystem, a) - primaryRank(e.ecosystem, b));
  return out;
}

function directoryOf(ecosystem: string, segments: readonly string[]): string {
  // Dependabot reads workflows through directory "/".
  if (ecosystem === "github-actions") return "";
  return segments.slice(0, -1).join("/");
}

function primaryRank(ecosystem: string, path: string): number {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (ecosystem === "npm") return base === "package.json" ? 0 : 1;
  if (ecosystem === "pip") return base === "pyproject.toml" ? 0 : base.startsWith("requirements") ? 1 : 2;
  if (ecosystem === "bundler") return base === "gemfile" ? 0 : 1;
  if (ecosystem === "gradle") return base.startsWith("build.") ? 0 : 1;
  if (ecosystem === "cargo") return base === "cargo.toml" ? 0 : 1;
  return 0;
}

/** An npm directory with its own lockfile is a project of its own, not a workspace member. */
export function hasOwnLockfile(e: EcosystemDir): boolean {
  const own = OWN_BUILD[e.ecosystem];
  return own !== undefined && e.paths.some((p) => own.includes(p.slice(p.lastIndexOf("/") + 1).toLowerCase()));
}

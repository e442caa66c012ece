import { describe, expect, test } from "@jest/globals";
import { parseDependabotConfig } from "../../src/checks/dependabot/config.js";
import { coverage } from "../../src/checks/dependabot/coverage.js";
import { detectEcosystems } from "../../src/checks/dependabot/ecosystems.js";
import { evaluateDependabot } from "../../src/checks/dependabot/index.js";
import { json5ToJson, parseRenovateConfig, renovateCovers } from "../../src/checks/dependabot/renovate.js";
import { known } from "../../src/facts/fact.js";
import type { RepoFacts } from "../../src/facts/types.js";
import { factsWith } from "../helpers/facts.js";

// Shapes seen in real dependabot.yml / Renovate configs and repository layouts during an audit of
// public repositories (written anew here, not copied).

const facts = (tree: string[], dep: { path: string; content: string } | null, renovate: { path: string; content: string } | null = null): RepoFacts =>
  factsWith({
    tree: known(tree),
    dependabotConfig: known(dep),
    renovateConfig: known(renovate),
    vulnerabilityAlerts: known(true),
    automatedSecurityFixes: known(true),
    dependabotAlerts: known([]),
  });
const uncovered = (r: ReturnType<typeof evaluateDependabot>) => r.findings.filter((f) => f.id === "ecosystemHasUpdates" && f.outcome === "fail").map((f) => f.path);

describe("dependabot.yml as real repositories write it", () => {
  test("findings point at dependabot.yaml when that is the file's name", () => {
    const content = "version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: daily }\n";
    const r = evaluateDependabot(facts(["package.json", ".github/dependabot.yaml"], { path: ".github/dependabot.yaml", content }));
    const pass = r.findings.find((f) => f.id === "ecosystemHasUpdates" && f.outcome === "pass");
    expect(pass).toMatchObject({ path: ".github/dependabot.yaml", line: 3 });
  });

  test('ignore of every version of "*" is the security-updates-only idiom: no version updates', () => {
    const r = parseDependabotConfig(`version: 2
updates:
  - package-ecosystem: npm
    directory: /
    schedule: { interval: daily }
    ignore:
      - dependency-name: "*"
        update-types: ["version-update:semver-major", "version-update:semver-minor", "version-update:semver-patch"]
  - package-ecosystem: pip
    directory: /
    schedule: { interval: daily }
    ignore:
      - dependency-name: "*"
  - package-ecosystem: gomod
    directory: /
    schedule: { interval: daily }
    ignore:
      - dependency-name: "*"
        update-types: ["version-update:semver-major"]
  - package-ecosystem: cargo
    directory: /
    schedule: { interval: daily }
    ignore:
      - dependency-name: "*"
        versions: [">= 2"]
`);
    expect(r.ok && r.updates.map((u) => [u.ecosystem, u.versionUpdatesOff])).toEqual([
      ["npm", true],
      ["pip", true],
      ["gomod", false],
      ["cargo", false],
    ]);
    const ev = evaluateDependabot(facts(["package.json"], { path: ".github/dependabot.yml", content: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: /\n    schedule: { interval: daily }\n    ignore:\n      - dependency-name: "*"\n' }));
    expect(ev.findings.find((f) => f.id === "dependabotVersionUpdatesOn")?.message).toMatch(/ignores every version/);
    expect(uncovered(ev)).toEqual(["package.json"]);
  });

  test("a repeated key is read as Dependabot's Ruby YAML reads it (last wins), with a warning", () => {
    const r = parseDependabotConfig('version: 2\nupdates:\n  - package-ecosystem: "gomod"\n    directory: "/tmp"\n    directory: "/"\n    schedule:\n      interval: weekly\n');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.updates[0]!.directories).toEqual([""]);
    expect(r.problems).toEqual([{ message: expect.stringMatching(/twice/) as unknown as string, line: 5 }]);
  });

  test("other YAML errors still make the file unreadable", () => {
    expect(parseDependabotConfig("version: 2\nupdates:\n  - package-ecosystem: npm\n   directory: /\n").ok).toBe(false);
  });
});

describe("repository layouts", () => {
  const entry = (ecosystem: string, ...directories: string[]) => ({ ecosystem, directories, versionUpdatesOff: false, line: 1 });
  const by = (tree: string[], updates: ReturnType<typeof entry>[]) => coverage(detectEcosystems(tree), updates, null).map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`);

  test("pip reads requirement files one directory down (requirements/, docs/), not two", () => {
    expect(by(["pyproject.toml", "requirements/dev.txt", "docs/requirements.txt", "tools/lint/requirements.txt"], [entry("pip", "")])).toEqual([
      "pyproject.toml=Dependabot",
      "requirements/dev.txt=Dependabot",
      "docs/requirements.txt=Dependabot",
      "tools/lint/requirements.txt=none",
    ]);
    // a child directory with its own pyproject is a project of its own
    expect(by(["requirements.txt", "service/pyproject.toml"], [entry("pip", "")])).toEqual(["requirements.txt=Dependabot", "service/pyproject.toml=none"]);
  });

  test("a Gradle build whose root has only settings.gradle.kts covers its subprojects", () => {
    expect(by(["settings.gradle.kts", "app/build.gradle.kts", "feature/login/build.gradle.kts"], [entry("gradle", "")])).toEqual([
      "settings.gradle.kts=Dependabot",
      "app/build.gradle.kts=Dependabot",
      "feature/login/build.gradle.kts=Dependabot",
    ]);
    expect(detectEcosystems(["build.gradle", "settings.gradle"])[0]!.paths[0]).toBe("build.gradle");
  });

  test("example projects are not the project's own manifests", () => {
    expect(detectEcosystems(["go.mod", "examples/basic/go.mod", "docs/examples/web/package.json"]).map((e) => e.paths[0])).toEqual(["go.mod"]);
  });
});

describe("Renovate configs as real repositories write them", () => {
  test("a trailing comma followed by a comment is still JSON5", () => {
    const src = "{\n  packageRules: [\n    {\n      matchManagers: ['npm'],\n      pinDigests: true, // pin\n    },\n  ],\n}";
    expect(JSON.parse(json5ToJson(src))).toEqual({ packageRules: [{ matchManagers: ["npm"], pinDigests: true }] });
  });

  test("managers switched off by their own key or by a managers-only package rule do not cover", () => {
    const r = parseRenovateConfig(".github/renovate.json5", `{
      extends: ['config:recommended'],
      dockerfile: { enabled: false },
      packageRules: [
        { matchManagers: ['docker-compose'], enabled: false },
        { matchManagers: ['npm'], matchPackageNames: ['react'], enabled: false },
      ],
    }`);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(renovateCovers(r, "docker")).toBe(false);
    expect(renovateCovers(r, "docker-compose")).toBe(false);
    // one package off leaves the manager on
    expect(renovateCovers(r, "npm")).toBe(true);
    expect(renovateCovers(r, "gomod")).toBe(true);
  });

  test("end to end: a commented renovate.json5 is read and its switched-off manager reported uncovered", () => {
    const content = "{\n  $schema: 'https://docs.renovatebot.com/renovate-schema.json',\n  // org preset\n  extends: ['config:recommended'],\n  packageRules: [\n    { matchManagers: ['github-actions'], pinDigests: true, },\n  ],\n  /* by hand */\n  dockerfile: { enabled: false },\n}\n";
    const r = evaluateDependabot(facts(["package.json", "Dockerfile", ".github/workflows/ci.yml"], null, { path: ".github/renovate.json5", content }));
    expect(r.findings.find((f) => f.id === "dependencyUpdateToolConfigured")?.outcome).toBe("pass");
    expect(uncovered(r)).toEqual(["Dockerfile"]);
  });
});

describe("files that look like manifests but are not", () => {
  const eco = (tree: string[]) => detectEcosystems(tree).map((e) => `${e.ecosystem}:/${e.directory}`);
  test("a workflow named compose.yml is a workflow", () => {
    expect(eco([".github/workflows/docker-compose.yml"])).toEqual(["github-actions:/"]);
  });
  test("dockerfile.go and Dockerfile.md are not Dockerfiles; Dockerfile.prod is", () => {
    expect(eco(["frontend/dockerfile/dockerfile.go", "docs/Dockerfile.md", "deploy/Dockerfile.prod"])).toEqual(["docker:/deploy"]);
  });
  test("Yarn SDKs and Go _examples are not the project's manifests", () => {
    expect(eco([".yarn/sdks/typescript/package.json", "_examples/chat/go.mod", "package.json"])).toEqual(["npm:/"]);
  });
});

describe("Renovate ignorePaths", () => {
  const tree = ["package.json", "yarn.lock", "test/e2e/package.json", "test/e2e/package-lock.json", "docs/site/package.json", "docs/site/package-lock.json"];
  const covered = (content: string) =>
    coverage(detectEcosystems(tree), [], ((r) => (r.ok ? r : null))(parseRenovateConfig("renovate.json", content))).map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`);

  test("the recommended preset skips test directories (its :ignoreModulesAndTests)", () => {
    expect(covered('{ "extends": ["config:recommended"] }')).toEqual(["package.json=Renovate", "test/e2e/package.json=none", "docs/site/package.json=Renovate"]);
  });
  test("a repository's own ignorePaths replaces the preset's, globs and plain substrings alike", () => {
    expect(covered('{ "extends": ["config:recommended"], "ignorePaths": ["docs/"] }')).toEqual(["package.json=Renovate", "test/e2e/package.json=Renovate", "docs/site/package.json=none"]);
    expect(covered('{ "ignorePaths": ["**/site/**"] }')).toEqual(["package.json=Renovate", "test/e2e/package.json=Renovate", "docs/site/package.json=none"]);
  });
  test("no preset and no ignorePaths: Renovate reads every package file", () => {
    expect(covered("{}")).toEqual(["package.json=Renovate", "test/e2e/package.json=Renovate", "docs/site/package.json=Renovate"]);
  });
  test('the old "yarn" manager name is npm', () => {
    const r = parseRenovateConfig("renovate.json", '{ "enabledManagers": ["yarn"] }');
    expect(r.ok && renovateCovers(r, "npm")).toBe(true);
  });
});

describe("exclude-paths", () => {
  const cfg = (extra: string, dir = "/") => `version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: "${dir}"\n    schedule: { interval: weekly }\n${extra}`;
  const run = (tree: string[], content: string) => {
    const r = parseDependabotConfig(content);
    if (!r.ok) throw new Error(r.message);
    return coverage(detectEcosystems(tree), r.updates, null).map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`);
  };
  const tree = ["package.json", "packages/a/package.json", "integration/app/package.json", "integration/app/package-lock.json", "web/tests/harness/package.json"];

  test("paths excluded by glob, by a leading slash, or by a bare directory are not covered", () => {
    expect(run(tree, cfg('    exclude-paths:\n      - "/integration/**"\n      - "**/tests/**"\n'))).toEqual([
      "package.json=Dependabot",
      "packages/a/package.json=Dependabot",
      "integration/app/package.json=none",
      "web/tests/harness/package.json=none",
    ]);
    expect(run(tree, cfg('    exclude-paths: ["packages/"]\n'))).toContain("packages/a/package.json=none");
  });

  test("patterns written relative to the entry's directory count too", () => {
    expect(run(["web/package.json", "web/package-lock.json", "web/legacy/package.json", "web/legacy/package-lock.json"], cfg('    directories: ["/web", "/web/legacy"]\n    exclude-paths: ["legacy/**"]\n', "/web"))).toEqual([
      "web/package.json=Dependabot",
      "web/legacy/package.json=none",
    ]);
  });

  test("a directory stays covered while one of its manifests is not excluded", () => {
    const r = parseDependabotConfig('version: 2\nupdates:\n  - package-ecosystem: github-actions\n    directory: /\n    schedule: { interval: weekly }\n    exclude-paths: [".github/workflows/*.lock.yml"]\n');
    if (!r.ok) throw new Error(r.message);
    expect(coverage(detectEcosystems([".github/workflows/ci.yml", ".github/workflows/gen.lock.yml"]), r.updates, null)[0]!.by).toBe("Dependabot");
    expect(coverage(detectEcosystems([".github/workflows/gen.lock.yml"]), r.updates, null)[0]!.by).toBeNull();
  });
});

describe("version key", () => {
  const problems = (content: string) => {
    const r = parseDependabotConfig(content);
    return r.ok ? r.problems.map((p) => p.message) : [r.message];
  };
  test('version 2, quoted or not, is fine; missing or 1 is a warning', () => {
    expect(problems('version: "2"\nupdates: []\n')).toEqual([]);
    expect(problems("version: 2\nupdates: []\n")).toEqual([]);
    expect(problems("updates: []\n")[0]).toMatch(/missing/);
    expect(problems("version: 1\nupdates: []\n")[0]).toMatch(/1, not 2/);
  });
});

describe(".NET", () => {
  test("an .slnx solution at the root covers the projects under it", () => {
    const dirs = detectEcosystems(["App.slnx", "src/Web/Web.csproj"]);
    expect(dirs.map((d) => d.paths[0])).toEqual(["App.slnx", "src/Web/Web.csproj"]);
    expect(coverage(dirs, [{ ecosystem: "nuget", directories: [""], versionUpdatesOff: false, line: 1 }], null).map((c) => c.by)).toEqual(["Dependabot", "Dependabot"]);
  });
});

describe("nested builds of their own", () => {
  const entry = (ecosystem: string, ...directories: string[]) => ({ ecosystem, directories, versionUpdatesOff: false, line: 1 });
  const by = (tree: string[], updates: ReturnType<typeof entry>[]) => coverage(detectEcosystems(tree), updates, null).map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`);

  test("a nested Cargo.lock is a workspace of its own (cargo-fuzz); members without one share the root's", () => {
    expect(by(["Cargo.toml", "Cargo.lock", "crates/core/Cargo.toml", "fuzz/Cargo.toml", "fuzz/Cargo.lock"], [entry("cargo", "")])).toEqual([
      "Cargo.toml=Dependabot",
      "crates/core/Cargo.toml=Dependabot",
      "fuzz/Cargo.toml=none",
    ]);
  });
  test("a nested settings.gradle (an included build) stays with its root: Dependabot follows includeBuild", () => {
    expect(by(["settings.gradle", "app/build.gradle", "build-logic/settings.gradle.kts", "build-logic/build.gradle.kts"], [entry("gradle", "")])).toEqual([
      "settings.gradle=Dependabot",
      "app/build.gradle=Dependabot",
      "build-logic/build.gradle.kts=Dependabot",
    ]);
  });
  test("Maven test projects and Terraform's provider cache are not manifests", () => {
    expect(detectEcosystems(["pom.xml", "src/test/resources/projects/basic/pom.xml", "plugin/src/it/simple/pom.xml", ".terraform/modules/vpc/main.tf"]).map((e) => e.paths[0])).toEqual(["pom.xml"]);
  });
});

describe("why a manifest is uncovered", () => {
  test("an exclude-paths entry and Renovate's ignorePaths are named in the finding", () => {
    const dep = { path: ".github/dependabot.yml", content: 'version: 2\nupdates:\n  - package-ecosystem: npm\n    directories: ["/", "/integration/*"]\n    schedule: { interval: weekly }\n    exclude-paths: ["integration/**"]\n' };
    const r = evaluateDependabot(facts(["package.json", "package-lock.json", "integration/app/package.json", "integration/app/package-lock.json"], dep));
    const fail = r.findings.find((f) => f.id === "ecosystemHasUpdates" && f.outcome === "fail");
    expect(fail).toMatchObject({ path: "integration/app/package.json" });
    expect(fail?.message).toMatch(/entry at \.github\/dependabot\.yml:3 excludes it \(exclude-paths\)/);

    const ren = evaluateDependabot(facts(["package.json", "yarn.lock", "test/e2e/package.json", "test/e2e/yarn.lock"], null, { path: "renovate.json", content: '{ "extends": ["config:recommended"] }' }));
    expect(ren.findings.find((f) => f.outcome === "fail" && f.id === "ecosystemHasUpdates")?.message).toMatch(/Renovate's ignorePaths skips it/);
  });
});

describe("bun", () => {
  test("a nested package with its own bun.lock is a project of its own", () => {
    const r = coverage(detectEcosystems(["package.json", "bun.lock", "tools/cli/package.json", "tools/cli/bun.lockb", "packages/a/package.json"]), [{ ecosystem: "bun", directories: [""], versionUpdatesOff: false, line: 1 }], null);
    expect(r.map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`)).toEqual(["package.json=Dependabot", "tools/cli/package.json=none", "packages/a/package.json=Dependabot"]);
  });
});

describe("package.json naming renovate elsewhere", () => {
  test('renovate as a devDependency or script is not a Renovate config, and not a broken one', () => {
    const pkg = { path: "package.json", content: '{ "name": "x", "scripts": { "renovate": "renovate-config-validator" }, "devDependencies": { "renovate": "^41.0.0" } }' };
    const r = evaluateDependabot(facts(["package.json", "package-lock.json"], null, pkg));
    expect(r.findings.some((f) => f.id === "renovateConfigParses")).toBe(false);
    expect(r.findings.find((f) => f.id === "dependencyUpdateToolConfigured")?.outcome).toBe("fail");
  });
});

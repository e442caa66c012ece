import { describe, expect, test } from "@jest/globals";
import { directoryMatches, normaliseDirectory, parseDependabotConfig } from "../../src/checks/dependabot/config.js";
import { coverage } from "../../src/checks/dependabot/coverage.js";
import { detectEcosystems } from "../../src/checks/dependabot/ecosystems.js";
import { json5ToJson, parseRenovateConfig, renovateCovers } from "../../src/checks/dependabot/renovate.js";

const eco = (tree: string[]) => detectEcosystems(tree).map((e) => `${e.ecosystem}:/${e.directory}:${e.paths[0]}`);

describe("detectEcosystems", () => {
  test.each([
    [["package.json", "yarn.lock"], ["npm:/:package.json"]],
    [["yarn.lock", "package.json"], ["npm:/:package.json"]],
    [["go.mod", "go.sum"], ["gomod:/:go.mod"]],
    [["requirements-dev.txt", "pyproject.toml"], ["pip:/:pyproject.toml"]],
    [["services/api/Pipfile"], ["pip:/services/api:services/api/Pipfile"]],
    [["requirements/base.txt", "docs/notes.txt"], ["pip:/requirements:requirements/base.txt"]],
    [["Cargo.toml", "crates/x/Cargo.toml"], ["cargo:/:Cargo.toml", "cargo:/crates/x:crates/x/Cargo.toml"]],
    [["pom.xml"], ["maven:/:pom.xml"]],
    [["app/build.gradle.kts"], ["gradle:/app:app/build.gradle.kts"]],
    [["Gemfile", "x.gemspec"], ["bundler:/:Gemfile"]],
    [["composer.json"], ["composer:/:composer.json"]],
    [["docker/Dockerfile.prod", "Containerfile", "web.dockerfile"], ["docker:/docker:docker/Dockerfile.prod", "docker:/:Containerfile"]],
    [["DOCKERFILE"], ["docker:/:DOCKERFILE"]],
    [["docker-compose.yml", "deploy/compose.prod.yaml"], ["docker-compose:/:docker-compose.yml", "docker-compose:/deploy:deploy/compose.prod.yaml"]],
    [[".github/workflows/ci.yml", ".github/workflows/release.YAML", ".github/workflows/README.md"], ["github-actions:/:.github/workflows/ci.yml"]],
    [["src/App/App.csproj", "packages.config"], ["nuget:/src/App:src/App/App.csproj", "nuget:/:packages.config"]],
    [["mix.exs", "pubspec.yaml", "Package.swift", "infra/main.tf", ".gitmodules", "elm.json"], ["mix:/:mix.exs", "pub:/:pubspec.yaml", "swift:/:Package.swift", "terraform:/infra:infra/main.tf", "gitsubmodule:/:.gitmodules", "elm:/:elm.json"]],
    [["node_modules/x/package.json", "vendor/a/go.mod", "test/fixtures/p/package.json", "pkg/testdata/go.mod"], []],
    [["README.md", "src/index.ts"], []],
  ] as [string[], string[]][])("%j", (tree, expected) => {
    expect(eco(tree)).toEqual(expected);
  });
});

describe("parseDependabotConfig", () => {
  test("entries with line numbers, directories and globs", () => {
    const r = parseDependabotConfig(`version: 2
updates:
  - package-ecosystem: npm
    directory: "/"
    schedule: { interval: weekly }
  - package-ecosystem: "docker"
    directories: ["/services/*", "/**/deploy/"]
    schedule: { interval: daily }
`);
    expect(r).toEqual({
      ok: true,
      problems: [],
      updates: [
        { ecosystem: "npm", directories: [""], versionUpdatesOff: false, line: 3 },
        { ecosystem: "docker", directories: ["services/*", "**/deploy"], versionUpdatesOff: false, line: 6 },
      ],
    });
  });

  test("YAML anchors and merge keys are followed", () => {
    const r = parseDependabotConfig(`version: 2
x-common: &common
  schedule: { interval: weekly }
  directory: /
updates:
  - <<: *common
    package-ecosystem: gomod
  - <<: *common
    package-ecosystem: github-actions
    open-pull-requests-limit: 0
`);
    expect(r.ok && r.updates.map((u) => [u.ecosystem, u.directories, u.versionUpdatesOff])).toEqual([
      ["gomod", [""], false],
      ["github-actions", [""], true],
    ]);
  });

  test.each([
    ["version: 2\nupdates:\n  - package-ecosystem: npm\n    directory: [\n", "", 5],
    ["version: 2\nupdates:\n\t- bad tab\n", "", 3],
    ["just a string", "not a YAML mapping", 1],
    ["version: 2\n", "no `updates`", null],
  ] as [string, string, number | null][])("malformed: %j", (content, msg, line) => {
    const r = parseDependabotConfig(content);
    expect(r).toMatchObject({ ok: false, line });
    if (!r.ok) expect(r.message).toContain(msg);
  });

  test("an entry without ecosystem or directory is a problem with its line", () => {
    const r = parseDependabotConfig("version: 2\nupdates:\n  - directory: /\n  - package-ecosystem: pip\n");
    expect(r.ok && r.problems).toEqual([
      { message: "updates[0] has no package-ecosystem", line: 3 },
      { message: "updates[1] (pip) has no directory", line: 4 },
    ]);
  });

  test("a huge file is refused, not parsed", () => {
    expect(parseDependabotConfig("#".repeat(300 * 1024)).ok).toBe(false);
  });
});

describe("directory patterns", () => {
  test.each([
    ["/", ""],
    ["./", ""],
    ["/web/", "web"],
    ["web", "web"],
  ])("normalise %j → %j", (d, n) => expect(normaliseDirectory(d)).toBe(n));

  test.each([
    ["", "", true],
    ["", "web", false],
    ["web", "web", true],
    ["services/*", "services/api", true],
    ["services/*", "services/api/v2", false],
    ["**", "", true],
    ["**", "a/b/c", true],
    ["**/deploy", "x/y/deploy", true],
    ["**/deploy", "deploy", true],
    ["apps/web-*", "apps/web-admin", true],
    ["apps/web-*", "apps/api", false],
    ["a?c", "abc", true],
  ] as [string, string, boolean][])("%j matches %j: %s", (p, d, ok) => expect(directoryMatches(p, d)).toBe(ok));

  test("a pathological pattern stays fast", () => {
    const t = Date.now();
    expect(directoryMatches("**/**/**/**/**/**/**/**/z", "a/".repeat(200) + "b")).toBe(false);
    expect(Date.now() - t).toBeLessThan(500);
  });
});

describe("renovate config", () => {
  test.each([
    ["renovate.json", '{ "extends": ["config:recommended"] }', true, null],
    ["renovate.json5", "{ // comment\n extends: ['config:recommended'], enabledManagers: ['npm',], }", true, ["npm"]],
    [".renovaterc", '{"enabled": false}', false, null],
    ["package.json", '{"name":"x","renovate":{"enabledManagers":["github-actions"]}}', true, ["github-actions"]],
  ] as [string, string, boolean, string[] | null][])("%s", (path, content, enabled, managers) => {
    const r = parseRenovateConfig(path, content);
    expect(r).toMatchObject({ ok: true, enabled, enabledManagers: managers });
  });

  test("broken JSON is not a config", () => {
    expect(parseRenovateConfig("renovate.json", "{ extends: [").ok).toBe(false);
    expect(parseRenovateConfig("package.json", '{"name":"x"}').ok).toBe(false);
  });

  test("json5 strings keep their content", () => {
    expect(JSON.parse(json5ToJson("{a: 'it\\'s \"q\"', b: \"//not a comment\", c: true}"))).toEqual({ a: 'it\'s "q"', b: "//not a comment", c: true });
  });

  test("enabledManagers narrows coverage; submodules are off by default", () => {
    const all = { ok: true as const, enabled: true, enabledManagers: null, disabledManagers: [], gitSubmodules: false };
    expect(renovateCovers(all, "gomod")).toBe(true);
    expect(renovateCovers(all, "gitsubmodule")).toBe(false);
    expect(renovateCovers({ ...all, enabledManagers: ["npm"] }, "gomod")).toBe(false);
    expect(renovateCovers({ ...all, enabledManagers: ["pip_requirements"] }, "pip")).toBe(true);
  });
});

describe("coverage", () => {
  const entry = (ecosystem: string, ...directories: string[]) => ({ ecosystem, directories, versionUpdatesOff: false, line: 1 });
  const by = (tree: string[], updates: ReturnType<typeof entry>[]) => coverage(detectEcosystems(tree), updates, null).map((c) => `${c.dir.paths[0]}=${c.by ?? "none"}`);

  test("workflows via / and via /.github/workflows", () => {
    expect(by([".github/workflows/ci.yml"], [entry("github-actions", "")])).toEqual([".github/workflows/ci.yml=Dependabot"]);
    expect(by([".github/workflows/ci.yml"], [entry("github-actions", ".github/workflows")])).toEqual([".github/workflows/ci.yml=Dependabot"]);
  });

  test("github-actions covered, go.mod not: partial", () => {
    expect(by([".github/workflows/ci.yml", "go.mod"], [entry("github-actions", "")])).toEqual([".github/workflows/ci.yml=Dependabot", "go.mod=none"]);
  });

  test("npm workspace members share the root lockfile; a project with its own does not", () => {
    expect(by(["package.json", "package-lock.json", "packages/a/package.json", "site/package.json", "site/yarn.lock"], [entry("npm", "")])).toEqual([
      "package.json=Dependabot",
      "packages/a/package.json=Dependabot",
      "site/package.json=none",
    ]);
  });

  test("maven modules under a covered root; gomod needs its own directory", () => {
    expect(by(["pom.xml", "core/pom.xml", "tools/go.mod", "go.mod"], [entry("maven", ""), entry("gomod", "")])).toEqual([
      "pom.xml=Dependabot",
      "core/pom.xml=Dependabot",
      "tools/go.mod=none",
      "go.mod=Dependabot",
    ]);
  });

  test("uv and bun entries cover pip and npm; other ecosystems do not cross", () => {
    expect(by(["pyproject.toml", "package.json"], [entry("uv", ""), entry("bun", "")])).toEqual(["pyproject.toml=Dependabot", "package.json=Dependabot"]);
    expect(by(["Dockerfile"], [entry("docker-compose", "")])).toEqual(["Dockerfile=none"]);
  });

  test("an entry with open-pull-requests-limit 0 covers nothing", () => {
    expect(coverage(detectEcosystems(["go.mod"]), [{ ...entry("gomod", ""), versionUpdatesOff: true }], null)[0]!.by).toBeNull();
  });

  test("renovate fills what dependabot leaves", () => {
    const r = coverage(detectEcosystems(["go.mod", "Dockerfile"]), [entry("gomod", "")], { ok: true, enabled: true, enabledManagers: null, disabledManagers: [], gitSubmodules: false });
    expect(r.map((c) => c.by)).toEqual(["Dependabot", "Renovate"]);
  });
});

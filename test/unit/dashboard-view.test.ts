import { describe, expect, test } from "@jest/globals";
import { planDashboard, renderDashboard, renderDashboardPage, renderDashboardView } from "../../src/render/dashboard.js";
import { badgeUrl, gradeOf, mdText } from "../../src/render/dashboard-format.js";
import { dashboardJson } from "../../src/render/dashboard-json.js";
import { dashboardView, opportunities } from "../../src/render/dashboard-view.js";
import { DEFS, repo, trend, world } from "../helpers/dashboard-world.js";

const tableRows = (md: string) => md.split("\n").filter((l) => l.startsWith("| [") || l.startsWith("| acme"));

describe("dashboard: small worlds", () => {
  test("trend arrows, worst first, grades, chart and details", () => {
    const data = world(
      [
        repo("acme/web", { "branch-protection": 10, "harden-runner": 10, "security-policy": 10 }, { change: { 7: 0, 30: 2.5, 90: 3 } }),
        repo("acme/api", { "branch-protection": 4, "harden-runner": 0, "security-policy": 10 }, { change: { 7: -1.2, 30: null, 90: null }, problems: [{}, { key: "k9", firstSeenAt: "2026-03-16T00:00:00.000Z", path: ".github/workflows/release.yml", line: 3 }] }),
        repo("acme/cli", { "branch-protection": 7, "harden-runner": 5, "security-policy": 4 }, { change: { 7: 0.4, 30: -3, 90: null } }),
      ],
      {
        trend: trend([null, null, 4.1, 5, 5.6], { "branch-protection": [null, null, 5, 6, 7], "harden-runner": [null, null, 2, 3, 5], "security-policy": [null, null, 6, 6, 8] }),
        findingChanges: { opened: 1, fixed: 3 },
      },
    );
    const md = renderDashboard(data, DEFS);
    expect(md).toMatchSnapshot();
    expect(tableRows(md).map((l) => l.split(" | ")[0])).toEqual(["| [acme/api](https://github.com/acme/api)", "| [acme/cli](https://github.com/acme/cli)", "| [acme/web](https://github.com/acme/web)"]);
    expect(md).toContain("| ▼ -1.2 | – |");
    expect(md).toContain("| ▲ +0.4 | ▼ -3.0 |");
    expect(md).toContain("| = 0.0 | ▲ +2.5 |");
    expect(md).toMatch(/```mermaid\nxychart-beta\n/);
    expect(md).toContain('x-axis ["01-19", "01-26", "02-02"]');
    expect(md).toContain("line [4.1, 5.0, 5.6]");
    expect(md).toContain("(▲ +0.6 since last week)");
    expect(md).toMatch(/`\.github\/workflows\/release\.yml:3`\) 🆕 new this week/);
    expect(md.match(/🆕/g)).toHaveLength(1);
  });

  test("unknown cells say unknown, with the reason on hover and in the details; never a 0", () => {
    const data = world([repo("acme/locked", { "branch-protection": null, "harden-runner": 10, "security-policy": null })]);
    const md = renderDashboard(data, DEFS);
    expect(md).toMatchSnapshot();
    expect(md).toContain('<span title="needs the Administration: read permission">❔ unknown</span>');
    expect(md).toContain("- ❔ **Branch protection** unknown: needs the Administration: read permission");
    expect(md).not.toMatch(/❔ 0/);
    const none = renderDashboard(world([repo("acme/blank", { "branch-protection": null })]), DEFS);
    expect(none).toContain("**Organization total: unknown**");
    expect(none).toMatch(/\| Repositories \| 0 \| 0 \| 0 \| 0 \| 0 \| 1 \|/);
  });

  test("published publicly: private repositories are not listed anywhere, only counted", () => {
    const repos = [
      repo("acme/open", { "branch-protection": 8, "harden-runner": 8, "security-policy": 8 }),
      repo("acme/crown-jewels", { "branch-protection": 0, "harden-runner": 0, "security-policy": 0 }, { private: true, problems: [{ message: "secret in crown-jewels" }] }),
      repo("acme/internal-tool", { "branch-protection": 2 }, { private: true }),
    ];
    const pub = renderDashboard(world(repos, { publicOnly: true }), DEFS);
    expect(pub).toMatchSnapshot();
    expect(pub).not.toMatch(/crown-jewels|internal-tool/);
    expect(pub).toContain("> 2 private repositories are left out: this dashboard is published in a public repository.");
    expect(pub).toContain("**Organization total: 8.0 / 10**");
    const json = dashboardJson(world(repos, { publicOnly: true, privateLeftOut: 1 }), DEFS);
    expect(json.repositories.map((r) => r.repository)).toEqual(["acme/open"]);
    expect(json.privateLeftOut).toBe(3);
    const priv = renderDashboard(world(repos), DEFS);
    expect(priv).toContain("acme/crown-jewels");
    expect(priv).not.toContain("left out");
  });

  test("user-controlled text cannot mention, link, break the table or inject HTML", () => {
    const evil = repo("acme/x", { "harden-runner": 0 }, {
      problems: [{ message: "ping @octocat about #12 <img src=x onerror=alert(1)> | col [link](http://e)", path: "a`b|c.yml", line: null }],
      checks: [{ id: "harden-runner", score: null, outcome: "unknown", reason: 'quote " and <b> | @team' }],
    });
    const md = renderDashboard(world([evil]), DEFS);
    for (const raw of ["@octocat", " #12", "<img", "[link]", "and <b>"]) expect(md).not.toContain(raw);
    expect(md).toContain("&#64;octocat about &#35;12 &lt;img src=x onerror=alert(1)&gt; &#124; col &#91;link&#93;(http://e)");
    expect(md).toContain("(`a'b\\|c.yml`)");
    expect(md).toContain('title="quote &quot; and &lt;b&gt; &#124; &#64;team"');
    expect(mdText("a\nb")).toBe("a b");
  });

  test("the description column: the repository's own words, escaped like any user text, cut to one short cell", () => {
    const long = "x".repeat(200);
    const md = renderDashboard(world([repo("acme/a", { "harden-runner": 5 }, { description: "Ping @octocat | see [docs](http://e) <b>" }), repo("acme/b", { "harden-runner": 6 }, { description: long }), repo("acme/c", { "harden-runner": 7 })]), DEFS);
    expect(md).toMatch(/^\| Repository \| Description \| Total \|/m);
    expect(md).toContain("| [acme/a](https://github.com/acme/a) | Ping &#64;octocat &#124; see &#91;docs&#93;(http://e) &lt;b&gt; |");
    expect(md).toContain(`| [acme/b](https://github.com/acme/b) | ${"x".repeat(79)}… |`);
    expect(md).toMatch(/\| \[acme\/c\]\(https:\/\/github\.com\/acme\/c\) \| {2}\| !\[/);
    const json = dashboardJson(world([repo("acme/a", { "harden-runner": 5 }, { description: "hi" })]), DEFS);
    expect(json.repositories[0]!.description).toBe("hi");
  });

  test("grades and badges", () => {
    expect([9, 8.99, 7, 5, 3, 2.9, 0, null].map(gradeOf)).toEqual(["A", "B", "B", "C", "D", "F", "F", null]);
    expect(badgeUrl(7.44)).toBe("https://img.shields.io/badge/scorecard-7.4%2F10-green");
    expect(badgeUrl(null)).toBe("https://img.shields.io/badge/scorecard-unknown-lightgrey");
  });

  test("the practices that would raise the total most, with how many repositories miss them", () => {
    const repos = [
      repo("acme/a", { "branch-protection": 10, "harden-runner": 0, "security-policy": 10 }, { problems: [{}] }),
      repo("acme/b", { "branch-protection": 10, "harden-runner": 0, "security-policy": 6 }, { problems: [{}] }),
      repo("acme/c", { "branch-protection": 0, "harden-runner": 10, "security-policy": 10 }),
    ];
    const top = opportunities(repos, DEFS);
    expect(top.map((o) => [o.check.id, o.below, o.scored])).toEqual([["harden-runner", 2, 3], ["branch-protection", 1, 3], ["security-policy", 1, 3]]);
    const view = dashboardView(world(repos), DEFS);
    expect(view.opportunities[0]).toBe(
      "**Harden-Runner** below 10 in 2 of 3 repositories (most often `hardenRunnerFirstStep`, in 2 of them): fixing it everywhere would raise the total by about +1.9",
    );
  });
});

describe("dashboard: size split", () => {
  const many = (n: number) =>
    Array.from({ length: n }, (_, i) =>
      repo(`acme/repo-${String(i).padStart(3, "0")}`, { "branch-protection": i % 11, "harden-runner": 0, "security-policy": 10 }, {
        problems: [{ key: "a" }, { key: "b", message: "x".repeat(200) }],
      }),
    );

  test("fits: one body", () => {
    const view = dashboardView(world(many(3)), DEFS);
    expect(planDashboard(view, 65_000)).toHaveLength(1);
  });

  test("too long with details: the worst repositories keep theirs, the rest are counted", () => {
    const view = dashboardView(world(many(40)), DEFS);
    const full = renderDashboardView(view).length;
    const [one, ...rest] = planDashboard(view, full - 2000);
    expect(rest).toEqual([]);
    const md = renderDashboardView(one!);
    expect(md.length).toBeLessThanOrEqual(full - 2000);
    expect(one!.details.length).toBeGreaterThan(0);
    expect(one!.details.length + one!.detailsOmitted).toBe(40);
    expect(md).toContain(`_Details of ${one!.detailsOmitted} more repositories are left out`);
    expect(one!.details[0]!.repository).toBe(view.details[0]!.repository);
  });

  test("too long even without details: no finding is read (a summary gives the counts)", () => {
    const repos = many(200).map((r) => {
      const failing = [...new Set(r.findings.filter((f) => f.outcome === "fail").map((f) => f.id))].map((id) => ["harden-runner", id] as [string, string]);
      const summarized = { ...r, problemSummary: { count: r.findings.length, failing } };
      Object.defineProperty(summarized, "findings", { get: () => { throw new Error("findings read"); } });
      return summarized;
    });
    const eager = dashboardView(world(many(200)), DEFS);
    const view = dashboardView(world(repos), DEFS);
    expect(view.detailsCount).toBe(200);
    expect(view.opportunities).toEqual(eager.opportunities);
    const pages = planDashboard(view, 12_000);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages.map((p) => renderDashboardPage(p))).toEqual(planDashboard(eager, 12_000).map((p) => renderDashboardPage(p)));
    expect(() => view.details).toThrow("findings read");
  });

  test("too long even without details: linked parts, every row once, each under the limit", () => {
    const view = dashboardView(world(many(200), { trend: trend([3, 4], { "branch-protection": [1, 2] }) }), DEFS);
    const max = 12_000;
    const pages = planDashboard(view, max);
    expect(pages.length).toBeGreaterThan(2);
    const refs = pages.slice(1).map((_, i) => `#${100 + i}`);
    const bodies = pages.map((p, i) => (i === 0 ? renderDashboardPage(p, refs) : renderDashboardPage(p)));
    for (const b of bodies) expect(b.length).toBeLessThanOrEqual(max);
    const rows = bodies.flatMap(tableRows);
    expect(rows).toHaveLength(200);
    expect(new Set(rows).size).toBe(200);
    expect(bodies[0]).toContain("```mermaid");
    expect(bodies[0]).toContain(`this is part 1 (repositories 1–${pages[0]!.rows.length}), part 2: #100`);
    expect(bodies[0]).toMatch(/^<!-- scorecard-bot:dashboard -->\n/);
    expect(bodies[1]).toMatch(/^<!-- scorecard-bot:dashboard page=2 -->\n/);
    expect(bodies[1]).toContain(`(part 2 of ${pages.length})`);
    expect(bodies[1]).not.toContain("```mermaid");
    expect(bodies.at(-1)).toContain(`–200, worst first`);
    expect(bodies[2]).toMatchSnapshot();
  });
});

/** Check runs: created, updated (annotations accumulate as on GitHub), listed per ref. */
import { error, notFound, ok, type Route, type RouteContext } from "../http.js";
import { resolveRef, type CheckRunRecord } from "../world.js";

/** GitHub refuses more than 50 annotations in one request. */
const MAX_ANNOTATIONS = 50;

function checkRunJson(run: CheckRunRecord, ctx: RouteContext) {
  const output = run.output ?? {};
  return {
    ...run.body,
    id: run.id,
    head_sha: run.head_sha,
    name: run.name,
    status: run.status,
    conclusion: run.conclusion,
    url: `${ctx.apiBase}/repos/${ctx.repo!.fullName}/check-runs/${run.id}`,
    output: { title: output.title ?? null, summary: output.summary ?? null, text: output.text ?? null, annotations_count: run.annotations.length },
  };
}

function annotationsOf(body: Record<string, unknown>): Record<string, unknown>[] | string {
  const output = body.output as { annotations?: Record<string, unknown>[] } | undefined;
  const list = output?.annotations ?? [];
  if (list.length > MAX_ANNOTATIONS) return `Only ${MAX_ANNOTATIONS} annotations are allowed per request`;
  return list;
}

function outputWithout(body: Record<string, unknown>): Record<string, unknown> | null {
  if (!body.output) return null;
  const { annotations: _a, ...rest } = body.output as Record<string, unknown>;
  return rest;
}

export const checksRoutes: Route[] = [
  {
    method: "POST",
    pattern: "/repos/:owner/:repo/check-runs",
    permission: "checks:write",
    handler: (ctx) => {
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      if (typeof body.name !== "string" || typeof body.head_sha !== "string") return error(422, "Invalid request: name and head_sha are required");
      const annotations = annotationsOf(body);
      if (typeof annotations === "string") return error(422, annotations);
      const run: CheckRunRecord = {
        id: ctx.model.nextId(),
        head_sha: body.head_sha,
        name: body.name,
        status: String(body.status ?? (body.conclusion ? "completed" : "queued")),
        conclusion: (body.conclusion as string | undefined) ?? null,
        output: outputWithout(body),
        annotations,
        body,
      };
      ctx.repo!.checkRuns.push(run);
      return ok(checkRunJson(run, ctx), 201);
    },
  },
  {
    method: "PATCH",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    permission: "checks:write",
    handler: (ctx) => {
      const run = ctx.repo!.checkRuns.find((c) => String(c.id) === ctx.params.id);
      if (!run) return notFound();
      const body = (ctx.body ?? {}) as Record<string, unknown>;
      const annotations = annotationsOf(body);
      if (typeof annotations === "string") return error(422, annotations);
      if (typeof body.status === "string") run.status = body.status;
      if (typeof body.conclusion === "string") {
        run.conclusion = body.conclusion;
        run.status = "completed";
      }
      if (typeof body.name === "string") run.name = body.name;
      const output = outputWithout(body);
      if (output) run.output = { ...(run.output ?? {}), ...output };
      run.annotations.push(...annotations);
      run.body = { ...run.body, ...body };
      return ok(checkRunJson(run, ctx));
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/check-runs/:id",
    permission: "checks",
    handler: (ctx) => {
      const run = ctx.repo!.checkRuns.find((c) => String(c.id) === ctx.params.id);
      return run ? ok(checkRunJson(run, ctx)) : notFound();
    },
  },
  {
    method: "GET",
    pattern: "/repos/:owner/:repo/commits/:ref/check-runs",
    permission: "checks",
    handler: (ctx) => {
      const sha = resolveRef(ctx.repo!, ctx.params.ref) ?? ctx.params.ref;
      const runs = ctx.repo!.checkRuns.filter((c) => c.head_sha === sha && (!ctx.query.get("check_name") || c.name === ctx.query.get("check_name")));
      return ok({ total_count: runs.length, check_runs: runs.map((r) => checkRunJson(r, ctx)) });
    },
  },
];

import type { ApplicationFunction, Probot } from "probot";
import { databasePath } from "./config/env.js";
import type { GitHubClient } from "./facts/github/octokit.js";
import { sweepInstallation } from "./handlers/installation.js";
import { handlePullRequest, type PullRequestEvent } from "./handlers/pull-request.js";
import { Store } from "./store/store.js";

export interface AppOptions {
  store?: Store;
}

/** Build the Probot app. Tests pass their own store; at run time it comes from DATABASE_PATH. */
export function createApp(opts: AppOptions = {}): ApplicationFunction {
  return (app: Probot) => {
    const store = opts.store ?? new Store(databasePath());

    app.on("installation.created", async (context) => {
      const inst = context.payload.installation;
      const account = inst.account as { login?: string; slug?: string; type?: string } | null;
      await sweepInstallation(context.octokit as GitHubClient, store, context.log, {
        id: inst.id,
        account: account?.login ?? account?.slug ?? "unknown",
        accountType: account?.type ?? "Organization",
      }, { trigger: "install" });
    });

    app.on("installation_repositories.added", async (context) => {
      const inst = context.payload.installation;
      const account = inst.account as { login?: string; slug?: string; type?: string } | null;
      await sweepInstallation(context.octokit as GitHubClient, store, context.log, {
        id: inst.id,
        account: account?.login ?? account?.slug ?? "unknown",
        accountType: account?.type ?? "Organization",
      }, { trigger: "install", names: context.payload.repositories_added.map((r) => r.full_name) });
    });

    app.on(["pull_request.opened", "pull_request.synchronize", "pull_request.reopened"], async (context) => {
      await handlePullRequest(context.octokit as GitHubClient, store, context.log, context.payload as unknown as PullRequestEvent);
    });
  };
}

export default createApp();

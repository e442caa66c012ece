/** Entry point of `npm start`: Probot's runner with our Octokit (rate-limit policy). */
import { run } from "probot";
import app from "./index.js";
import { ScorecardOctokit } from "./github-client.js";

await run(app, { Octokit: ScorecardOctokit });

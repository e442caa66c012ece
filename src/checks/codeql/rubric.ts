import type { RubricLine } from "../types.js";

/** Points per component; a component whose facts are unavailable leaves the maximum. */
export const POINTS = {
  setup: { pr: 5, schedule: 3, manual: 1, analysesOnly: 3 },
  analyses: { recent: 3, undated: 2, stale: 1 },
  languages: 2,
} as const;
export const MAX = { setup: 5, analyses: 3, languages: 2 } as const;
export const RECENT_DAYS = 7;

export const RUBRIC: readonly RubricLine[] = [
  { points: 5, text: "CodeQL is set up to scan changes: code scanning default setup is configured, or a workflow job (directly or through a reusable workflow) runs github/codeql-action/analyze on push, pull_request or merge_group. A job's `if: github.event_name == …` narrows its workflow's triggers; a job or step whose `if:` needs a reusable workflow input the caller leaves off (e.g. `inputs.build_codeql == true`) does not run for that caller." },
  { points: 3, text: "…only on a schedule (pull requests are not scanned before merge); 1 when only started by hand; 3 when recent CodeQL analyses exist but no configuration was found (e.g. a reusable workflow that could not be read)." },
  { points: 3, text: `The newest CodeQL analysis is at most ${RECENT_DAYS} days older than the last push (1 when older: scanning has stopped; 2 when the push time is unknown).` },
  { points: 2, text: "× the share (by size) of the repository's CodeQL languages that are analysed (javascript-typescript, python, java-kotlin, go, ruby, csharp, c-cpp, swift). Each language present but not analysed is a finding; `actions` is named but not scored." },
  { points: "—", text: "Not CodeQL: github/codeql-action/upload-sarif alone (uploads someone else's results), and init without analyze (starts a database, never scans)." },
  { points: "÷", text: "The score is the points earned over the points that could be judged, × 10: on a local checkout the default-setup and analyses signals are unavailable and leave the maximum." },
  { points: "pass", text: "score ≥ 9; warn below; fail at 0. unknown when nothing shows CodeQL and some signal could not be read (default setup without the permission, a local checkout, a reusable workflow that could not be resolved), or when the repository has neither a language CodeQL reads nor workflows (not applicable)." },
];

export const REMEDIATION = {
  setup: "Turn on code scanning default setup (Settings → Code security → Code scanning → CodeQL analysis → Default), or add a CodeQL workflow that runs github/codeql-action/init and github/codeql-action/analyze on pull_request and push.",
  onPullRequests: "Add `pull_request:` and `push:` (for the default branch) to the workflow's `on:` so that changes are scanned before they merge, and keep the schedule for new queries.",
  initWithoutAnalyze: "Add a `github/codeql-action/analyze` step after `init` (and a build or `autobuild` for compiled languages): without it no analysis runs.",
  uploadSarifOnly: "upload-sarif publishes another tool's results; it does not run CodeQL. Add CodeQL itself (default setup, or init + analyze).",
  stale: "CodeQL has not analysed recent pushes: check the workflow's recent runs for failures, or whether default setup was turned off.",
  language: (lang: string) => `Add \`${lang}\` to the CodeQL languages (default setup's languages, or init's \`languages:\` / the matrix).`,
  unresolved: "Give the app access to the repository that holds the reusable workflow (Contents: read), or scan on GitHub rather than a local checkout, so the called workflow can be read.",
} as const;

// API documents in the real shapes (modelled on the upstream documents of fixtures/upstream): archived Argo Workflows,
// GitHub commits and comparisons, Grafana IRM incident previews.

import type { DemoCommit, DemoIncident, DemoRun, Person, Span } from "./timeline.js";

type Json = Record<string, unknown>;

const iso = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

/** Argo node ids: `<workflow>-<fnv32a(node name)>`, as the controller derives them. */
function nodeId(workflowName: string, nodeName: string): string {
  let hash = 0x811c9dc5;
  for (const char of Buffer.from(nodeName, "utf8")) {
    hash ^= char;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${workflowName}-${hash}`;
}

const seconds = (span: Span) => Math.round((span.end.getTime() - span.start.getTime()) / 1000);

interface NodePlan {
  task: "build" | "deploy-staging" | "approve" | "deploy-production";
  span: Span;
  phase: "Succeeded" | "Failed";
  message?: string;
}

export function workflowDocument(run: DemoRun): Json {
  const { name } = run;
  const plans: NodePlan[] = [];
  const stagingFailed = run.outcome === "failed-staging";
  plans.push({ task: "build", span: run.build, phase: "Succeeded" });
  plans.push({
    task: "deploy-staging",
    span: run.staging,
    phase: stagingFailed ? "Failed" : "Succeeded",
    ...(stagingFailed ? { message: "Error (exit code 1): helm upgrade failed: timed out waiting for the condition" } : {}),
  });
  if (run.approve) {
    const stopped = run.outcome === "stopped-approval";
    plans.push({ task: "approve", span: run.approve, phase: stopped ? "Failed" : "Succeeded", ...(stopped ? { message: "Stopped with strategy 'Stop'" } : {}) });
  }
  if (run.production) {
    const failed = run.outcome === "failed-production";
    plans.push({
      task: "deploy-production",
      span: run.production,
      phase: failed ? "Failed" : "Succeeded",
      ...(failed ? { message: "Error (exit code 1): rollout status: deployment exceeded its progress deadline" } : {}),
    });
  }
  const ids = plans.map((plan) => nodeId(name, `${name}.${plan.task}`));
  const phase = run.outcome === "succeeded" ? "Succeeded" : "Failed";
  const pods = plans.filter((plan) => plan.task !== "approve");
  const succeededPods = pods.filter((plan) => plan.phase === "Succeeded").length;
  const failedPlan = plans.find((plan) => plan.phase === "Failed");
  const workflowMessage =
    run.outcome === "stopped-approval" ? "Stopped with strategy 'Stop'" : failedPlan ? `child '${ids[plans.indexOf(failedPlan)]}' failed` : undefined;

  const nodes: Json = {
    [name]: {
      children: [ids[0]],
      displayName: name,
      finishedAt: iso(run.finishedAt),
      id: name,
      name,
      outboundNodes: [ids.at(-1)],
      phase,
      progress: `${succeededPods}/${pods.length}`,
      resourcesDuration: { cpu: pods.length * 9, memory: pods.length * 41 },
      startedAt: iso(run.startedAt),
      templateName: "main",
      templateScope: `namespaced/deploy-${run.service}`,
      type: "DAG",
      ...(workflowMessage ? { message: workflowMessage } : {}),
    },
  };
  plans.forEach((plan, position) => {
    const id = ids[position]!;
    const next = ids[position + 1];
    const isPod = plan.task !== "approve";
    const environment = plan.task === "deploy-staging" ? "staging" : plan.task === "deploy-production" ? "production" : undefined;
    nodes[id] = {
      boundaryID: name,
      ...(next ? { children: [next] } : {}),
      displayName: plan.task,
      finishedAt: iso(plan.span.end),
      ...(isPod ? { hostNodeName: `gke-ops-pool-1-${(id.length * 7919).toString(16).slice(-4)}` } : {}),
      id,
      ...(environment
        ? {
            inputs: {
              parameters: [
                { name: "environment", value: environment },
                { name: "commit-sha", value: run.sha },
              ],
            },
          }
        : plan.task === "build"
          ? { inputs: { parameters: [{ name: "commit-sha", value: run.sha }] } }
          : {}),
      ...(plan.message ? { message: plan.message } : {}),
      name: `${name}.${plan.task}`,
      ...(isPod ? { outputs: { exitCode: plan.phase === "Succeeded" ? "0" : "1" } } : {}),
      phase: plan.phase,
      progress: isPod ? `${plan.phase === "Succeeded" ? 1 : 0}/1` : "0/0",
      ...(isPod ? { resourcesDuration: { cpu: Math.max(1, Math.round(seconds(plan.span) / 60)), memory: Math.round(seconds(plan.span) / 12) } } : {}),
      startedAt: iso(plan.span.start),
      ...(isPod ? { taskResultSynced: true } : {}),
      templateName: plan.task === "approve" ? "approval" : plan.task === "build" ? "build-image" : "deploy",
      templateScope: `namespaced/deploy-${run.service}`,
      type: isPod ? "Pod" : "Suspend",
    };
  });

  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      annotations: { "workflows.argoproj.io/pod-name-format": "v2" },
      creationTimestamp: iso(run.startedAt),
      generateName: `deploy-${run.service}-`,
      generation: plans.length * 3 + 2,
      labels: {
        "workflows.argoproj.io/completed": "true",
        "workflows.argoproj.io/creator": "system-serviceaccount-argo-argo-events-sa",
        "workflows.argoproj.io/phase": phase,
        "workflows.argoproj.io/workflow-archiving-status": "Persisted",
        "workflows.argoproj.io/workflow-template": `deploy-${run.service}`,
      },
      name,
      namespace: "argo",
      resourceVersion: String(48_000_000 + Math.floor(run.startedAt.getTime() / 60_000) % 9_000_000),
      uid: run.uid,
    },
    spec: {
      arguments: {
        parameters: [
          { name: "commit-sha", value: run.sha },
          { name: "repo", value: run.repo },
        ],
      },
      workflowTemplateRef: { name: `deploy-${run.service}` },
    },
    status: {
      conditions: [
        { status: "False", type: "PodRunning" },
        { status: "True", type: "Completed" },
      ],
      finishedAt: iso(run.finishedAt),
      ...(workflowMessage ? { message: workflowMessage } : {}),
      nodes,
      phase,
      progress: `${succeededPods}/${pods.length}`,
      resourcesDuration: { cpu: pods.length * 9, memory: pods.length * 41 },
      startedAt: iso(run.startedAt),
    },
  };
}

const GITHUB_API = "https://api.github.com";

function user(person: Person): Json {
  return {
    login: person.login,
    id: person.id,
    node_id: `MDQ6VXNlcj${Buffer.from(String(person.id)).toString("base64").replace(/=+$/, "")}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${person.id}?v=4`,
    html_url: `https://github.com/${person.login}`,
    type: "User",
    site_admin: false,
  };
}

/** A commit as listed in a comparison. */
export function commitObject(commit: DemoCommit): Json {
  const base = `${GITHUB_API}/repos/${commit.repo}`;
  const gitUser = (person: Person, date: Date) => ({ name: person.name, email: person.email, date: iso(date) });
  return {
    sha: commit.sha,
    node_id: `C_kwDO${Buffer.from(commit.sha.slice(0, 24), "hex").toString("base64").replace(/[+/=]/g, "")}`,
    commit: {
      author: gitUser(commit.author, commit.authoredAt),
      committer: gitUser(commit.committer, commit.committedAt),
      message: commit.message,
      tree: { sha: commit.sha.split("").reverse().join(""), url: `${base}/git/trees/${commit.sha.split("").reverse().join("")}` },
      url: `${base}/git/commits/${commit.sha}`,
      comment_count: 0,
      verification: { verified: false, reason: "unsigned", signature: null, payload: null, verified_at: null },
    },
    url: `${base}/commits/${commit.sha}`,
    html_url: `https://github.com/${commit.repo}/commit/${commit.sha}`,
    comments_url: `${base}/commits/${commit.sha}/comments`,
    author: user(commit.author),
    committer: user(commit.committer),
    parents: commit.parentSha
      ? [{ sha: commit.parentSha, url: `${base}/commits/${commit.parentSha}`, html_url: `https://github.com/${commit.repo}/commit/${commit.parentSha}` }]
      : [],
  };
}

const fileFor = (commit: DemoCommit, position: number) => {
  const filename = `src/${commit.message.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 32)}.ts`;
  const additions = 3 + ((commit.index * 7 + position) % 40);
  const deletions = (commit.index * 3) % 12;
  return {
    sha: commit.sha.slice(0, 40 - 1) + "0",
    filename,
    status: "modified",
    additions,
    deletions,
    changes: additions + deletions,
    blob_url: `https://github.com/${commit.repo}/blob/${commit.sha}/${filename}`,
  };
};

/** GET /repos/{o}/{r}/commits/{sha}. */
export function getCommitResponse(commit: DemoCommit): Json {
  const file = fileFor(commit, 0);
  return { ...commitObject(commit), stats: { total: file.changes, additions: file.additions, deletions: file.deletions }, files: [file] };
}

/** GET /repos/{o}/{r}/compare/{base}...{head} over a linear history (head ahead of, equal to, or behind base). */
export function compareResponse(history: DemoCommit[], base: DemoCommit, head: DemoCommit): Json {
  const repo = base.repo;
  const ahead = head.index > base.index ? head.index - base.index : 0;
  const behind = base.index > head.index ? base.index - head.index : 0;
  const commits = ahead > 0 ? history.slice(base.index + 1, head.index + 1) : [];
  const mergeBase = behind > 0 ? head : base;
  return {
    url: `${GITHUB_API}/repos/${repo}/compare/${base.sha}...${head.sha}`,
    html_url: `https://github.com/${repo}/compare/${base.sha}...${head.sha}`,
    permalink_url: `https://github.com/${repo}/compare/${repo.split("/")[0]}:${base.sha}...${repo.split("/")[0]}:${head.sha}`,
    diff_url: `https://github.com/${repo}/compare/${base.sha}...${head.sha}.diff`,
    patch_url: `https://github.com/${repo}/compare/${base.sha}...${head.sha}.patch`,
    base_commit: commitObject(base),
    merge_base_commit: commitObject(mergeBase),
    status: ahead > 0 ? "ahead" : behind > 0 ? "behind" : "identical",
    ahead_by: ahead,
    behind_by: behind,
    total_commits: commits.length,
    commits: commits.map(commitObject),
    files: commits.map(fileFor),
  };
}

const RESPONDERS = [
  { userID: "grafana-incident:user-6d1c2a", name: "Ana Ruiz", photoURL: "https://secure.gravatar.com/avatar/8e3b1f0c?s=512&d=retro" },
  { userID: "grafana-incident:user-19fe07", name: "Lea Martin", photoURL: "https://secure.gravatar.com/avatar/1c9a77d2?s=512&d=retro" },
  { userID: "grafana-incident:user-a0b3c4", name: "Mira Koval", photoURL: "https://secure.gravatar.com/avatar/44b0e9aa?s=512&d=retro" },
];
const LABEL_COLORS: Record<string, string> = { service: "#3d71d9", commit: "#8f3bb8", deployment: "#e0752d", team: "#1f9d55" };

/** One Grafana IRM IncidentPreview (RFC3339 times, "" for unset ones). */
export function incidentPreview(incident: DemoIncident): Json {
  const number = Number(incident.id);
  const responder = RESPONDERS[number % RESPONDERS.length]!;
  const slug = incident.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  const modified = incident.closedTime ?? incident.createdTime;
  return {
    incidentID: incident.id,
    severityID: `severity-${incident.severity}`,
    severityLabel: incident.severity,
    incidentType: "internal",
    labels: incident.labels.map((label) => ({
      key: label.key,
      label: label.label,
      description: "",
      colorHex: LABEL_COLORS[label.key] ?? "#888888",
    })),
    isDrill: incident.isDrill,
    createdTime: iso(incident.createdTime),
    modifiedTime: iso(new Date(modified.getTime() + 137_000)),
    closedTime: incident.closedTime ? iso(incident.closedTime) : "",
    createdByUser: responder,
    title: incident.title,
    description: "",
    summary: incident.closedTime ? `Resolved. ${incident.title}.` : "",
    status: incident.closedTime ? "resolved" : "active",
    slug,
    incidentStart: iso(incident.incidentStart ?? incident.createdTime),
    incidentEnd: incident.incidentEnd ? iso(incident.incidentEnd) : incident.closedTime ? iso(incident.closedTime) : "",
    fieldValues: [],
    incidentMembershipPreview: {
      importantAssignments: [{ roleID: 1, user: responder }],
      totalAssignments: 2,
      totalParticipants: 3,
    },
    incidentChannels: [],
    version: 4 + (number % 5),
  };
}

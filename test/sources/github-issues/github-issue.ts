// Issues as GitHub's List repository issues returns them (fixtures/sources/github-issues/README.md),
// for the emulator's synthetic recordings.

export type Json = Record<string, unknown>;

/** An issue as List repository issues returns it (fields of the documented example that dora reads, plus identity). */
export function githubIssue(repo: string, fields: { number: number; title: string; createdAt: string; closedAt?: string; open?: boolean; labels?: string[]; body?: string; pullRequest?: boolean; stateReason?: string }): Json {
  const closed = fields.closedAt !== undefined && fields.open !== true;
  return {
    url: `https://api.github.com/repos/${repo}/issues/${fields.number}`,
    repository_url: `https://api.github.com/repos/${repo}`,
    html_url: `https://github.com/${repo}/${fields.pullRequest ? "pull" : "issues"}/${fields.number}`,
    id: 1_000_000 + fields.number,
    node_id: `I_${fields.number}`,
    number: fields.number,
    title: fields.title,
    user: { login: "octocat", id: 1, type: "User" },
    labels: ["incident", ...(fields.labels ?? [])].map((name, index) => ({ id: 200 + index, name, color: "d73a4a", default: false })),
    state: closed ? "closed" : "open",
    locked: false,
    comments: 0,
    created_at: fields.createdAt,
    updated_at: fields.closedAt ?? fields.createdAt,
    closed_at: fields.closedAt ?? null,
    author_association: "MEMBER",
    body: fields.body ?? null,
    state_reason: closed ? (fields.stateReason ?? "completed") : fields.closedAt ? "reopened" : null,
    ...(fields.pullRequest ? { pull_request: { url: `https://api.github.com/repos/${repo}/pulls/${fields.number}`, merged_at: null } } : {}),
  };
}

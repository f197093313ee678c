import { describe, expect, it } from "vitest";
import { upstreamDocument } from "../upstream-documents.js";
import { commitCandidates, productionStepCandidates, repoFromValue, serviceNameFor } from "../../src/cli/workflow-discovery/workflow-heuristics.js";

describe("onboarding guesses", () => {
  it("names services after their template without the pipeline words", () => {
    expect(serviceNameFor("deploy-checkout")).toBe("checkout");
    expect(serviceNameFor("cd-search")).toBe("search");
    expect(serviceNameFor("payments-api-deploy")).toBe("payments-api");
    expect(serviceNameFor("release-backstage-prod")).toBe("backstage");
    expect(serviceNameFor("deploy")).toBe("deploy");
  });

  it("reads a repository from URLs, scp-style remotes, or owner/name under a repo-like key", () => {
    expect(repoFromValue("url", "https://github.com/acme/checkout.git")).toBe("acme/checkout");
    expect(repoFromValue("remote", "git@github.com:acme/checkout.git")).toBe("acme/checkout");
    expect(repoFromValue("git-repo", "https://ghe.example.com/acme/checkout")).toBe("acme/checkout");
    expect(repoFromValue("repository", "acme/search")).toBe("acme/search");
    // An image or a path is not a repository.
    expect(repoFromValue("image", "ghcr.io/acme/checkout:1.2")).toBeUndefined();
    expect(repoFromValue("values-file", "charts/values.yaml")).toBeUndefined();
    expect(repoFromValue("docs", "https://example.com/a/b/c")).toBeUndefined();
  });

  it("finds the commit in the real sample's parameters and labels, and no production step there", () => {
    // The Argo sample has only `msgs` as a parameter; a 40-hex label makes it a label candidate.
    const sample = upstreamDocument("argo/subdag-iterate-jrfch.json");
    sample.metadata.labels["git-sha"] = "0123456789abcdef0123456789abcdef01234567";
    sample.spec.arguments.parameters.push({ name: "commit", value: "89abcdef0123456789abcdef0123456789abcdef" });
    expect(commitCandidates([sample]).map((c) => c.value)).toEqual(["parameter:commit", "label:git-sha"]);
    // Its nodes are echo/echo-bye/echo-group...: none looks like production.
    expect(productionStepCandidates([sample])).toEqual([]);
  });
});

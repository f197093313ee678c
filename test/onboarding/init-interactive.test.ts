import { afterAll, beforeAll, expect, it } from "vitest";
import YAML from "yaml";
import { initCommand, type Prompter } from "../../src/cli/commands/init/init.js";
import type { CliIo } from "../../src/cli/io.js";
import { fakeEnv, NOW, startFakeApis, type FakeApis } from "./fake-apis.js";

let fake: FakeApis;
beforeAll(async () => {
  fake = await startFakeApis();
});
afterAll(async () => {
  await fake.close();
});

/** Answers in order; an empty answer takes the question's default, as on a terminal. */
function scripted(answers: string[], asked: string[]): Prompter {
  return {
    ask: async (question, defaultAnswer) => {
      asked.push(`${question} [${defaultAnswer}]`);
      const answer = answers.shift();
      if (answer === undefined) throw new Error(`no answer left for: ${question}`);
      return answer === "" ? defaultAnswer : answer;
    },
    close: () => {},
  };
}

it("on a terminal: drops, edits and keeps proposals as answered", async () => {
  let stdout = "";
  let stderr = "";
  const io: CliIo = {
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    stdoutIsTTY: true,
    stderrIsTTY: true,
    env: fakeEnv(fake),
    cwd: process.cwd(),
    now: () => NOW,
  };
  const asked: string[] = [];
  // search: no. checkout: edit (rename; an invalid label first, then two labels), then yes.
  const answers = ["no", "edit", "shop-checkout", "", "", "", "", "oops", "shop-checkout", "", "", "", "", "service=checkout,tier=1", "yes"];
  const command = initCommand(io, { interactive: true, prompter: () => scripted(answers, asked) });
  await command.parseAsync(["--output", "-"], { from: "user" });
  expect(answers).toEqual([]);
  const config = YAML.parse(stdout);
  expect(config.services).toEqual([
    {
      name: "shop-checkout",
      repo: "acme/checkout",
      workflows: { labelSelector: "workflows.argoproj.io/workflow-template=deploy-checkout", productionStep: "deploy-production", commit: "parameter:commit-sha" },
      incidents: { labels: { service: "checkout", tier: "1" } },
    },
  ]);
  expect(stdout).toContain("#   cd-search: rejected in dora init");
  expect(stdout).toContain("service: checkout # entered in dora init");
  expect(stdout).toContain("productionStep: deploy-production # guessed: ran in 3 of 4 runs read");
  // The proposal was shown with its reasons before the question, and the edit offered the candidates.
  expect(stderr).toContain("Service 2 of 2: checkout   (template deploy-checkout, 4 run(s) listed, 4 read)");
  expect(stderr).toContain('"oops" is not key=value; try again');
  expect(asked).toContain("  productionStep (candidates: deploy-production; - for none): [deploy-production]");
});

// Dependency rules of dora (issue 15), checked by test/docs/dependency-rules.test.ts in `npm test`.
// Data flows one way: sources → model → metrics → outputs (render, otlp), with cli on top. Folder
// names cover the layout before and after the redesign: src/report or src/render,
// src/sources/replay or src/emulator.
const ABOVE_MODEL = "^src/(sources|pipeline|config|report|render|otlp|cli|emulator|onboarding|schema)/";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle: split the shared part into its own module (e.g. types.ts) that both import.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "model-and-metrics-are-pure",
      comment: "src/model and src/metrics import nothing above them: no sources, pipeline, config, render/report, otlp, cli, emulator.",
      severity: "error",
      from: { path: "^src/(model|metrics)/" },
      to: { path: ABOVE_MODEL },
    },
    {
      name: "model-below-metrics",
      comment: "src/model holds the data types; the metrics computed from them live above it.",
      severity: "error",
      from: { path: "^src/model/" },
      to: { path: "^src/metrics/" },
    },
    {
      name: "model-and-metrics-do-no-io",
      comment: "src/model and src/metrics are pure: no file system, network, process or child processes.",
      severity: "error",
      from: { path: "^src/(model|metrics)/" },
      to: { dependencyTypes: ["core"], path: "^(node:)?(fs|fs/promises|http|https|net|tls|dns|child_process|worker_threads|os|process|readline|zlib|stream)$" },
    },
    {
      name: "config-is-below-sources",
      comment: "The config is read by every layer above it; it imports no source, pipeline, output or cli code.",
      severity: "error",
      from: { path: "^src/config/" },
      to: { path: "^src/(sources|pipeline|metrics|report|render|otlp|cli|emulator|onboarding)/" },
    },
    {
      name: "util-is-a-leaf",
      comment: "src/util is shared by every layer, so it imports nothing from src outside src/util.",
      severity: "error",
      from: { path: "^src/util/" },
      to: { path: "^src/", pathNot: "^src/util/" },
    },
    {
      name: "src-does-not-import-tools-or-tests",
      comment: "The shipped code stands alone: tools/, scripts/ and test/ are not in the package.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(tools|scripts|test)/" },
    },
    {
      name: "tests-do-not-import-tools",
      comment: "Tests never import tools/, except the demo's own tests (its generator and independent oracle).",
      severity: "error",
      from: { path: "^test/", pathNot: "^test/([^/]+/demo|demo-incident-sources/same-world)\\.test\\.ts$" },
      to: { path: "^(tools|scripts)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(dist|node_modules)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".json"] },
  },
};

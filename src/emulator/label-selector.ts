// Kubernetes label selectors as the Argo archive evaluates them (labels.ParseToRequirements,
// translated to SQL in persist/sqldb/archived_workflow_labels.go).

export type LabelRequirement =
  | { key: string; op: "exists" | "notexists" }
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: ">" | "<"; value: number };

export class LabelSelectorError extends Error {
  override readonly name = "LabelSelectorError";
}

/** Splits on commas outside parentheses: "a in (x,y),b" → ["a in (x,y)", "b"]. */
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = "";
  for (const char of selector) {
    if (char === "(") depth++;
    if (char === ")") depth--;
    if (char === "," && depth === 0) {
      terms.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  terms.push(current);
  return terms.map((term) => term.trim()).filter((term) => term !== "");
}

const KEY = String.raw`[A-Za-z0-9][A-Za-z0-9_./-]*`;
const SET_RE = new RegExp(String.raw`^(${KEY})\s+(in|notin)\s*\(([^()]*)\)$`);
const COMPARE_RE = new RegExp(String.raw`^(${KEY})\s*(==|!=|=|>|<)\s*(.*)$`);
const EXISTS_RE = new RegExp(String.raw`^(!?)\s*(${KEY})$`);

/** Parses a selector; throws LabelSelectorError naming the bad term. An empty selector matches everything. */
export function parseLabelSelector(selector: string): LabelRequirement[] {
  return splitTerms(selector).map((term): LabelRequirement => {
    const set = SET_RE.exec(term);
    if (set) {
      const values = set[3]!.split(",").map((value) => value.trim()).filter((value) => value !== "");
      return { key: set[1]!, op: set[2] as "in" | "notin", values };
    }
    const compare = COMPARE_RE.exec(term);
    if (compare) {
      const key = compare[1]!;
      const op = compare[2]!;
      const value = compare[3]!.trim();
      if (op === ">" || op === "<") {
        if (!/^-?\d+$/.test(value)) throw new LabelSelectorError(`invalid label selector term "${term}": ${op} needs an integer`);
        return { key, op, value: Number(value) };
      }
      return { key, op: op === "!=" ? "!=" : "=", value };
    }
    const exists = EXISTS_RE.exec(term);
    if (exists) return { key: exists[2]!, op: exists[1] === "!" ? "notexists" : "exists" };
    throw new LabelSelectorError(`invalid label selector term "${term}"`);
  });
}

/** True when the labels satisfy every requirement (Kubernetes semantics: != and notin match absent keys). */
export function matchesLabelSelector(requirements: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const own = labels ?? {};
  return requirements.every((requirement) => {
    const value = Object.hasOwn(own, requirement.key) ? own[requirement.key] : undefined;
    switch (requirement.op) {
      case "exists":
        return value !== undefined;
      case "notexists":
        return value === undefined;
      case "=":
        return value === requirement.value;
      case "!=":
        return value !== requirement.value;
      case "in":
        return value !== undefined && requirement.values.includes(value);
      case "notin":
        return value === undefined || !requirement.values.includes(value);
      case ">":
      case "<": {
        if (value === undefined || !/^-?\d+$/.test(value)) return false;
        return requirement.op === ">" ? Number(value) > requirement.value : Number(value) < requirement.value;
      }
    }
  });
}

/** A canonical text of a selector, so "b=1,a" and "a, b==1" compare equal. */
export function canonicalLabelSelector(requirements: LabelRequirement[]): string {
  return requirements
    .map((requirement) => {
      switch (requirement.op) {
        case "exists":
          return requirement.key;
        case "notexists":
          return `!${requirement.key}`;
        case "in":
        case "notin":
          return `${requirement.key} ${requirement.op} (${[...requirement.values].sort().join(",")})`;
        default:
          return `${requirement.key}${requirement.op}${requirement.value}`;
      }
    })
    .sort()
    .join(",");
}

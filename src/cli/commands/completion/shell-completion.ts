// Shell completion scripts for bash, zsh and fish, rendered from a plain description of the
// command line (the CLI builds it from the commander program, so completion never drifts).

export interface CompletionOption {
  /** e.g. ["-f", "--format"] or ["--no-cache"]. */
  flags: string[];
  description: string;
  /** What the option's value is: none (a switch), a file or directory path, one of choices, or free text. */
  value: "none" | "file" | "dir" | "choice" | "text";
  choices?: string[];
  /** May be given more than once. */
  repeatable: boolean;
}

export interface CompletionCommand {
  name: string;
  description: string;
  options: CompletionOption[];
  /** Choices of the first positional argument (e.g. `completion <shell>`). */
  argumentChoices?: string[];
}

export interface CompletionSpec {
  program: string;
  options: CompletionOption[];
  commands: CompletionCommand[];
}

export const SHELLS = ["bash", "zsh", "fish"] as const;
export type Shell = (typeof SHELLS)[number];

const identifier = (program: string) => program.replace(/[^A-Za-z0-9_]/g, "_");
const takesValue = (option: CompletionOption) => option.value !== "none";

/** Single-quoted for sh-like shells. */
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

function bash(spec: CompletionSpec): string {
  const fn = `_${identifier(spec.program)}_completion`;
  const words = (options: CompletionOption[]) => options.flatMap((option) => option.flags).join(" ");
  const valueCases = (options: CompletionOption[]) =>
    options
      .filter(takesValue)
      .map((option) => {
        const pattern = option.flags.join("|");
        const action =
          option.value === "choice" ? `COMPREPLY=( $(compgen -W ${quote((option.choices ?? []).join(" "))} -- "$cur") )`
          : option.value === "dir" ? `COMPREPLY=( $(compgen -d -- "$cur") )`
          : option.value === "file" ? `COMPREPLY=( $(compgen -f -- "$cur") )`
          : "COMPREPLY=()";
        return `        ${pattern}) ${action}; return ;;`;
      })
      .join("\n");
  const commandCases = spec.commands
    .map((command) => {
      const positional = command.argumentChoices ? `      if [[ "$cur" != -* ]]; then COMPREPLY=( $(compgen -W ${quote(command.argumentChoices.join(" "))} -- "$cur") ); return; fi\n` : "";
      return [
        `    ${command.name})`,
        `      case "$prev" in`,
        valueCases(command.options),
        `      esac`,
        positional + `      COMPREPLY=( $(compgen -W ${quote(words(command.options) + " --help")} -- "$cur") ) ;;`,
      ]
        .filter((line) => line !== "")
        .join("\n");
    })
    .join("\n");
  const names = spec.commands.map((command) => command.name).join(" ");
  return `# bash completion for ${spec.program}. Load it with:  source <(${spec.program} completion bash)
# or install it:  ${spec.program} completion bash > ~/.local/share/bash-completion/completions/${spec.program}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local command="" word
  for word in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$word" in
      ${spec.commands.map((command) => command.name).join("|")}) command="$word"; break ;;
    esac
  done
  case "$command" in
    "")
      COMPREPLY=( $(compgen -W ${quote(`${names} ${words(spec.options)}`)} -- "$cur") ) ;;
${commandCases}
  esac
}
complete -o default -F ${fn} ${spec.program}
`;
}

/** Escapes text for a zsh _arguments spec: brackets, colons and quotes. */
const zshText = (text: string) => text.replace(/\\/g, "\\\\").replace(/([[\]:$`])/g, "\\$1").replace(/'/g, `'\\''`);
/** A `name:description` entry of _describe: only the name's colons are special. */
const zshDescribe = (name: string, description: string) => `'${name.replace(/:/g, "\\:")}:${description.replace(/'/g, `'\\''`)}'`;

function zshOption(option: CompletionOption): string {
  const action =
    option.value === "none" ? ""
    : option.value === "choice" ? `:${zshText(option.flags.at(-1)!.replace(/^-+/, ""))}:(${(option.choices ?? []).join(" ")})`
    : option.value === "dir" ? ":directory:_files -/"
    : option.value === "file" ? ":file:_files"
    : `:${zshText(option.flags.at(-1)!.replace(/^-+/, ""))}: `;
  const description = `[${zshText(option.description)}]`;
  const repeat = option.repeatable ? "*" : "";
  if (option.flags.length === 1) return `'${repeat}${option.flags[0]}${description}${action}'`;
  const exclusive = option.repeatable ? "" : `(${option.flags.join(" ")})`;
  return `'${exclusive}'${repeat ? "'*'" : ""}{${option.flags.join(",")}}'${description}${action}'`;
}

function zsh(spec: CompletionSpec): string {
  const fn = `_${identifier(spec.program)}`;
  const describe = spec.commands.map((command) => `    ${zshDescribe(command.name, command.description)}`).join("\n");
  const cases = spec.commands
    .map((command) => {
      const lines = command.options.map((option) => `            ${zshOption(option)}`);
      if (command.argumentChoices) lines.push(`            '1:${command.name}:(${command.argumentChoices.join(" ")})'`);
      lines.push(`            '(- *)--help[display help]'`);
      return `        ${command.name})\n          _arguments -s \\\n${lines.join(" \\\n")} ;;`;
    })
    .join("\n");
  return `#compdef ${spec.program}
# zsh completion for ${spec.program}. Load it with:  source <(${spec.program} completion zsh)
# or install it as _${spec.program} in a directory of $fpath.
${fn}() {
  local curcontext="$curcontext" state line
  local -a commands
  commands=(
${describe}
  )
  _arguments -C \\
${spec.options.map((option) => `    ${zshOption(option)} \\`).join("\n")}
    '1: :->command' \\
    '*:: :->args'
  case $state in
    command) _describe -t commands '${spec.program} command' commands ;;
    args)
      case $line[1] in
${cases}
      esac ;;
  esac
}
if [[ $zsh_eval_context[-1] == loadautofunc ]]; then
  ${fn} "$@"
else
  compdef ${fn} ${spec.program}
fi
`;
}

function fishOption(program: string, condition: string, option: CompletionOption): string {
  const parts = [`complete -c ${program}`, `-n ${quote(condition)}`];
  for (const flag of option.flags) {
    if (/^--/.test(flag)) parts.push(`-l ${flag.slice(2)}`);
    else parts.push(`-s ${flag.slice(1)}`);
  }
  if (option.value === "choice") parts.push(`-x -a ${quote((option.choices ?? []).join(" "))}`);
  else if (option.value === "file") parts.push("-r -F");
  else if (option.value === "dir") parts.push(`-x -a ${quote("(__fish_complete_directories)")}`);
  else if (option.value === "text") parts.push("-x");
  parts.push(`-d ${quote(option.description)}`);
  return parts.join(" ");
}

function fish(spec: CompletionSpec): string {
  const names = spec.commands.map((command) => command.name).join(" ");
  const lines = [
    `# fish completion for ${spec.program}. Load it with:  ${spec.program} completion fish | source`,
    `# or install it:  ${spec.program} completion fish > ~/.config/fish/completions/${spec.program}.fish`,
    `complete -c ${spec.program} -f`,
    ...spec.commands.map((command) => `complete -c ${spec.program} -n ${quote(`not __fish_seen_subcommand_from ${names}`)} -a ${command.name} -d ${quote(command.description)}`),
    ...spec.options.map((option) => fishOption(spec.program, `not __fish_seen_subcommand_from ${names}`, option)),
  ];
  for (const command of spec.commands) {
    const condition = `__fish_seen_subcommand_from ${command.name}`;
    for (const option of command.options) lines.push(fishOption(spec.program, condition, option));
    if (command.argumentChoices) lines.push(`complete -c ${spec.program} -n ${quote(condition)} -a ${quote(command.argumentChoices.join(" "))}`);
  }
  return lines.join("\n") + "\n";
}

export function completionScript(shell: Shell, spec: CompletionSpec): string {
  return shell === "bash" ? bash(spec) : shell === "zsh" ? zsh(spec) : fish(spec);
}

import { Argument, Command, type Option } from "commander";
import { completionScript, SHELLS, type CompletionOption, type CompletionSpec, type Shell } from "./shell-completion.js";
import type { CliIo } from "../../io.js";

const EXAMPLES = `
Examples:
  $ source <(dora completion bash)                          this shell only
  $ dora completion bash > ~/.local/share/bash-completion/completions/dora
  $ dora completion zsh > "\${fpath[1]}/_dora"               then restart zsh
  $ dora completion fish > ~/.config/fish/completions/dora.fish`;

/** What an option's value is, from its placeholder: <file>, <dir>, choices, or free text. */
function describeOption(option: Option): CompletionOption {
  const flags = [option.short, option.long].filter((flag): flag is string => Boolean(flag));
  const placeholder = /<([^>]+)>|\[([^\]]+)\]/.exec(option.flags);
  const name = (placeholder?.[1] ?? placeholder?.[2] ?? "").replace(/\.\.\.$/, "");
  const value: CompletionOption["value"] =
    !option.required && !option.optional ? "none"
    : option.argChoices ? "choice"
    : name === "dir" ? "dir"
    : name === "file" ? "file"
    : "text";
  return {
    flags,
    description: option.description,
    value,
    ...(option.argChoices ? { choices: [...option.argChoices] } : {}),
    repeatable: option.variadic || Array.isArray(option.defaultValue),
  };
}

/** The program's commands, flags and choices, as the completion scripts need them. */
export function completionSpec(program: Command): CompletionSpec {
  return {
    program: program.name(),
    options: [...program.options.filter((option) => !option.hidden).map(describeOption), { flags: ["-h", "--help"], description: "display help", value: "none", repeatable: false }],
    commands: program.commands.map((command) => {
      // A command with subcommands (explain) completes their names, and the flags any of them takes.
      const subcommands = command.commands.map((sub) => sub.name());
      const choices = command.registeredArguments[0]?.argChoices ?? (subcommands.length > 0 ? subcommands : undefined);
      const options = [...command.options, ...command.commands.flatMap((sub) => sub.options)];
      const unique = options.filter((option, index) => options.findIndex((other) => other.flags === option.flags) === index);
      return {
        name: command.name(),
        description: command.description(),
        options: unique.filter((option) => !option.hidden).map(describeOption),
        ...(choices ? { argumentChoices: [...choices] } : {}),
      };
    }),
  };
}

export function completionCommand(io: CliIo): Command {
  return new Command("completion")
    .description("print a shell completion script for bash, zsh or fish")
    .addArgument(new Argument("<shell>", "the shell").choices(SHELLS))
    .addHelpText("after", EXAMPLES)
    .action((shell: Shell, _flags: unknown, command: Command) => {
      io.stdout(completionScript(shell, completionSpec(command.parent ?? command)));
    });
}

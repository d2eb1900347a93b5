using System.CommandLine;

namespace AgentSpec.App.Commands;

/// <summary>agentspec completion bash|zsh|fish: the shell script that completes commands, options and group ids.</summary>
internal static class CompletionCommand
{
    public static Command Create(CliContext context)
    {
        var shell = new Argument<string>("shell") { Description = "The shell: bash, zsh or fish." };
        shell.AcceptOnlyFromAmong(CompletionScripts.Shells);
        var command = new Command(
            "completion",
            $"Print the shell script that completes {context.ProgramName}'s commands, options and group ids. bash: "
            + $"eval \"$({context.ProgramName} completion bash)\" in ~/.bashrc; zsh: the same with zsh in ~/.zshrc; fish: "
            + $"{context.ProgramName} completion fish > ~/.config/fish/completions/{context.ProgramName}.fish.")
        {
            shell,
        };
        command.SetAction(parse =>
        {
            context.Out.Write(CompletionScripts.For(parse.GetValue(shell)!, context.ProgramName));
            return ExitCodes.Success;
        });
        return command;
    }
}

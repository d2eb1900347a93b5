using System.CommandLine;
using System.CommandLine.Completions;

namespace AgentSpec.App;

/// <summary>
/// Shell completion of group ids: every argument that takes a group (<c>group</c>, <c>groups</c>,
/// <c>group-or-file</c>) of every command suggests the ids compiled into this program, so <c>agentspec run &lt;TAB&gt;</c>
/// offers main, research, ... (System.CommandLine's <c>[suggest]</c> directive, which <c>agentspec completion</c>'s
/// scripts call). One place for all commands, so a new command's group argument completes without more code.
/// </summary>
internal static class GroupCompletion
{
    private static readonly string[] GroupArguments = ["group", "groups", "group-or-file"];

    public static void Install(Command root, CliContext context)
    {
        var ids = context.Plans.All.Select(p => p.Id).ToArray();
        foreach (var command in Walk(root))
        {
            foreach (var argument in command.Arguments.Where(a => GroupArguments.Contains(a.Name, StringComparer.Ordinal)))
            {
                argument.CompletionSources.Add(completion => ids
                    .Where(id => id.StartsWith(completion.WordToComplete, StringComparison.Ordinal))
                    .Select(id => new CompletionItem(id)));
            }
        }
    }

    private static IEnumerable<Command> Walk(Command command) => command.Subcommands.SelectMany(Walk).Prepend(command);
}

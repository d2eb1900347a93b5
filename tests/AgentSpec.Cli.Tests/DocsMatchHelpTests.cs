using System.Text.RegularExpressions;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// The docs show only what the command line has: every `agentspec COMMAND [SUBCOMMAND] --option` written in code
/// (inline code and shell blocks) of README.md and docs/*.md names a command that exists and options that its
/// `--help` lists. A renamed or removed option fails here, with the page and line that still shows it.
/// </summary>
public sealed partial class DocsMatchHelpTests
{
    private readonly Dictionary<string, Task<string>> _help = new(StringComparer.Ordinal);

    public static IEnumerable<object[]> Pages() =>
        Directory.GetFiles(Path.Join(Repo.Root, "docs"), "*.md")
            .Append(Path.Join(Repo.Root, "README.md"))
            .Select(p => new object[] { Path.GetRelativePath(Repo.Root, p) })
            .OrderBy(p => (string)p[0], StringComparer.Ordinal);

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Every_command_and_option_a_page_shows_is_in_help(string page)
    {
        var problems = new List<string>();
        var uses = Uses(File.ReadAllLines(Path.Join(Repo.Root, page))).ToList();
        foreach (var (line, words, options) in uses)
        {
            var (path, help) = await CommandAsync(words);
            if (path.Length == 0)
            {
                problems.Add($"{page}:{line}: `agentspec {string.Join(' ', words)}`: '{words.FirstOrDefault()}' is not a command of agentspec --help");
                continue;
            }

            foreach (var option in options.Where(o => !Regex.IsMatch(help, $@"(?m)^\s+(-\w, )?{Regex.Escape(o)}(\s|,|$)")))
            {
                problems.Add($"{page}:{line}: `agentspec {path}` has no option {option} (agentspec {path} --help)");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task The_check_finds_a_missing_option_and_a_missing_command()
    {
        var uses = Uses(["Run `agentspec plan --no-such-option` or", "```sh", "agentspec frobnicate main", "./agentspec up main -- sh -c 'x --not-ours'", "```"]).ToList();
        Assert.Equal(3, uses.Count);
        Assert.Equal(["--no-such-option"], uses[0].Options);
        var (_, planHelp) = await CommandAsync(uses[0].Words);
        Assert.DoesNotContain("--no-such-option", planHelp, StringComparison.Ordinal);
        Assert.Equal(string.Empty, (await CommandAsync(uses[1].Words)).Path);
        // What follows `--` is the container's command line, not agentspec's options.
        Assert.Empty(uses[2].Options);
        Assert.Equal("up", (await CommandAsync(uses[2].Words)).Path);
    }

    /// <summary>Each `agentspec ...` in code on a page: its line, the words after agentspec, and the options before `--`.</summary>
    private static IEnumerable<(int Line, string[] Words, string[] Options)> Uses(string[] lines)
    {
        var inShell = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var text = lines[i];
            if (text.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inShell = !inShell && text.TrimStart() is "```sh" or "```bash" or "```console" or "```shell";
                continue;
            }

            var code = inShell ? new[] { text } : InlineCode().Matches(text).Select(m => m.Groups[1].Value).ToArray();
            foreach (var span in code)
            {
                foreach (Match use in Invocation().Matches(span))
                {
                    var rest = use.Groups[1].Value;
                    rest = Regex.Split(rest, @"\s(\|\|?|&&|;|#|>|2>)\s?")[0];
                    var beforeDashes = Regex.Split(" " + rest + " ", @"\s--\s")[0];
                    var words = beforeDashes.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var options = words.Where(w => w.StartsWith("--", StringComparison.Ordinal) && w.Length > 2)
                        .Select(w => w.Split('=')[0].TrimEnd(',', '.', ')'))
                        .ToArray();
                    var positional = words.Where(w => !w.StartsWith('-')).Take(2).ToArray();
                    if (positional.Length > 0 || options.Length > 0)
                    {
                        yield return (i + 1, positional, options);
                    }
                }
            }
        }
    }

    /// <summary>The deepest command the words name (`render kubernetes`, `sessions prune`) and its help; "" when the first is none.</summary>
    private async Task<(string Path, string Help)> CommandAsync(string[] words)
    {
        var root = await HelpAsync(string.Empty);
        // `agentspec ARGS`, `agentspec COMMAND`: a placeholder, not a command name.
        if (words.Length == 0 || !char.IsAsciiLetterLower(words[0][0]))
        {
            return ("agentspec", root);
        }

        if (!Subcommands(root).Contains(words[0]))
        {
            return (string.Empty, string.Empty);
        }

        var help = await HelpAsync(words[0]);
        if (words.Length > 1 && Subcommands(help).Contains(words[1]))
        {
            var path = words[0] + " " + words[1];
            return (path, await HelpAsync(path));
        }

        return (words[0], help);
    }

    private Task<string> HelpAsync(string path)
    {
        lock (_help)
        {
            if (!_help.TryGetValue(path, out var help))
            {
                help = Run(path);
                _help[path] = help;
            }

            return help;
        }

        static async Task<string> Run(string path)
        {
            var args = path.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("--help").ToArray();
            return (await Cli.RunAsync(args)).Exits(Expected.Ok).Stdout;
        }
    }

    private static HashSet<string> Subcommands(string help)
    {
        var at = help.IndexOf("Commands:", StringComparison.Ordinal);
        return at < 0
            ? []
            : help[at..].Split('\n').Skip(1).Select(l => Regex.Match(l, @"^  ([a-z][a-z-]*)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex InlineCode();

    [GeneratedRegex(@"(?:^|[\s(])(?:\./|\$\s)?agentspec((?: [^\s`]+)*)")]
    private static partial Regex Invocation();
}

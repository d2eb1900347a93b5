using System.CommandLine;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Review;
using AgentSpec.Core;

namespace AgentSpec.App.Commands;

/// <summary>
/// agentspec diff BASE HEAD | --base REF [FILE]: what a change to groups.yaml grants or revokes, per group, in access
/// terms (Core's <see cref="AccessDiff"/>), as a table, a pull-request comment or JSON.
/// </summary>
internal static class DiffCommand
{
    public static Command Create(CliContext context)
    {
        var files = new Argument<string[]>("files")
        {
            Description = "BASE HEAD: two groups.yaml files. With --base: the working file (default ./groups.yaml).",
            Arity = new ArgumentArity(0, 2),
        };
        var baseRef = new Option<string?>("--base") { Description = "Compare FILE with its version at this git revision (branch, tag or commit), read with "
            + "`git show REV:path`." };
        var format = new Option<string>("--format") { Description = "text (a table wrapped to the terminal's width, for people), markdown (a "
            + "pull-request comment) or json (schemas/diff.schema.json; what scripts read: one object per change).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "markdown", "json");
        var json = CommonOptions.Json("Print the diff as JSON (the same as --format json; schemas/diff.schema.json).");
        var failOn = new Option<string?>("--fail-on") { Description = "grant: exit 1 when the change grants anything (a new group or mount, read-write, a "
            + "wider path, a relaxed policy, ...), so CI can ask for a security review." };
        failOn.AcceptOnlyFromAmong("grant");
        var staged = new Option<bool>("--staged") { Description = "With --base: the head is the file as staged in git's index (and the build files as "
            + "staged), not the work tree; for pre-commit hooks." };
        var command = new Command(
            "diff",
            "Show what a change to groups.yaml grants and revokes, group by group: new groups and mounts, read-only to read-write, widened host paths, "
                + "relaxed policy, network, limits, image and user. Both sides are compiled with the same rules; errors in the head are printed first and "
                + "exit 1. With --base, every changed file that decides what the build compiles (Directory.Build.*, *.rsp, project files, global.json, "
                + "nuget.config, CI workflows) is a grant a reviewer must read, and a changed line naming the groups file (AgentSpecGroupsFile) exits 1. Exit "
                + "0 otherwise, unless --fail-on grant finds a grant (exit 1).")
        {
            files, baseRef, format, json, failOn, staged,
        };
        command.SetAction(parse =>
        {
            var names = parse.GetValue(files) ?? [];
            var revision = parse.GetValue(baseRef);
            GroupsFileText head;
            if (revision is not null)
            {
                if (names.Length > 1)
                {
                    throw new CliException("with --base, give at most one file (the working groups.yaml); to compare two files, leave out --base: agentspec "
                        + "diff BASE HEAD", ExitCodes.Usage);
                }

                var file = names.Length == 1 ? names[0] : GroupsFiles.DefaultFile;
                if (file == GroupsFiles.Stdin)
                {
                    throw new CliException("with --base, name the file in the work tree ('-' has no path to look up at the revision)", ExitCodes.Usage);
                }

                var fromIndex = parse.GetValue(staged);
                var full = context.FullPath(file);
                var (text, display) = Git.Show(revision, full, file);
                // Show has checked the work tree and the revision; the build files are compared over the whole tree.
                var top = Git.TopLevel(Path.GetDirectoryName(full)!)!;
                head = fromIndex ? Staged(top, full, file) : GroupsFiles.Read(context, file);
                if (text is null)
                {
                    context.Error.WriteLine($"agentspec: {display} does not exist, so everything in {head.DisplayName} is new");
                }

                var buildChanges = BuildFiles.Changes(top, revision, fromIndex);
                return Run(
                    context,
                    new GroupsFileText(display, text ?? string.Empty, null),
                    head,
                    baseMissing: text is null,
                    (parse.GetValue(json) ? "json" : parse.GetValue(format)!),
                    parse.GetValue(failOn),
                    buildChanges);
            }

            if (parse.GetValue(staged))
            {
                throw new CliException("--staged needs --base (e.g. agentspec diff --base HEAD --staged groups.yaml)", ExitCodes.Usage);
            }

            if (names.Length != 2)
            {
                throw new CliException("diff needs two files, BASE and HEAD (agentspec diff old/groups.yaml groups.yaml), or --base REV to compare "
                    + "groups.yaml with its version in git (agentspec diff --base origin/main)", ExitCodes.Usage);
            }

            if (names.Count(n => n == GroupsFiles.Stdin) > 1)
            {
                throw new CliException("'-' (standard input) can be given only once", ExitCodes.Usage);
            }

            var basis = GroupsFiles.Read(context, names[0]);
            head = GroupsFiles.Read(context, names[1]);
            var chosen = parse.GetValue(json) ? "json" : parse.GetValue(format)!;
            return Run(context, basis, head, baseMissing: false, chosen, parse.GetValue(failOn), buildChanges: []);
        });
        return command;
    }

    /// <summary>The file as staged in git's index, named "FILE (staged)"; the work-tree path decides its .editorconfig severities.</summary>
    private static GroupsFileText Staged(string top, string full, string file)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(top), full).Replace('\\', '/');
        var text = Git.TextAt(top, null, relative) ?? throw new CliException(
            $"--staged: '{file}' is not in git's index; stage it (git add {file}) or leave out --staged to diff the work tree", ExitCodes.Usage);
        return new GroupsFileText(file + " (staged)", text, full);
    }

    private static int Run(
        CliContext context,
        GroupsFileText basis,
        GroupsFileText head,
        bool baseMissing,
        string format,
        string? failOn,
        IReadOnlyList<AccessChange> buildChanges)
    {
        // Both sides are graded with the head's options: the same rules, whatever the base's folder says.
        var options = GroupsFiles.OptionsFor(context, head);
        var headInput = GroupsCompiler.CompileForReview(head.Text);
        var headFindings = options.Apply(headInput.Result.Findings);
        var baseInput = baseMissing ? ReviewInput.None : GroupsCompiler.CompileForReview(basis.Text);
        var baseFindings = options.Apply(baseInput.Result.Findings);

        foreach (var finding in headFindings)
        {
            context.Error.WriteLine(context.Colours.Finding(finding.Format(head.DisplayName), toError: true));
        }

        if (headFindings.Any(f => f.IsError))
        {
            context.Error.WriteLine($"agentspec: {head.DisplayName} does not compile ({headFindings.Count(f => f.IsError)} error(s) above), so it grants "
                + $"nothing yet; fix the errors (agentspec check {head.DisplayName}) and run diff again");
            return ExitCodes.Failed;
        }

        if (baseFindings.Any(f => f.IsError))
        {
            foreach (var finding in baseFindings.Where(f => f.IsError))
            {
                context.Error.WriteLine(context.Colours.Finding(finding.Format(basis.DisplayName), toError: true));
            }

            context.Error.WriteLine($"agentspec: the base {basis.DisplayName} does not compile ({baseFindings.Count(f => f.IsError)} error(s) above), so "
                + $"there is no access to compare with; review {head.DisplayName} whole with `agentspec audit {head.DisplayName}`, or diff against a base "
                + "that builds");
            return ExitCodes.Failed;
        }

        // Build-file changes first: they say whether this comparison of groups.yaml is even the one the build compiles.
        var changes = buildChanges.Concat(AccessDiff.Compare(baseInput, headInput)).ToList();
        switch (format)
        {
            case "markdown":
                DiffWriter.WriteMarkdown(context.Out, basis.DisplayName, head.DisplayName, changes);
                break;
            case "json":
                DiffWriter.WriteJson(context.Out, basis.DisplayName, head.DisplayName, changes);
                break;
            default:
                DiffWriter.WriteText(context.Out, context.Error, basis.DisplayName, head.DisplayName, changes, context.Width);
                break;
        }

        var redirects = changes.Where(c => c.Kind == ChangeKinds.GroupsFileRedirected).ToList();
        if (redirects.Count > 0)
        {
            // Whatever --fail-on says: the diff above may describe a file the build no longer compiles.
            foreach (var redirect in redirects)
            {
                context.Error.WriteLine($"agentspec: error: the build may no longer compile {head.DisplayName}: "
                    + $"{redirect.After ?? "(removed) " + redirect.Before}; read that build file, then diff the groups file it names (a reviewer must approve "
                    + "the build-file change itself)");
            }

            return ExitCodes.Failed;
        }

        var grants = changes.Count(c => c.Effect == ChangeEffect.Grant);
        if (failOn == "grant" && grants > 0)
        {
            context.Error.WriteLine($"agentspec: {DiffWriter.Summary(changes)}; failing because of --fail-on grant: a reviewer who may approve access changes "
                + "must approve this one");
            return ExitCodes.Failed;
        }

        return ExitCodes.Success;
    }
}

using AgentSpec.Core.Review;

namespace AgentSpec.App;

/// <summary>
/// The files besides groups.yaml that decide what `dotnet build` compiles: which groups file (AgentSpecGroupsFile can
/// be set by a project file, a Directory.Build.props/targets or, as a global property that beats them all, a one-line
/// Directory.Build.rsp), which generator and packages (project files, Directory.Packages.props, nuget.config,
/// global.json) and which workflow runs the review. `diff --base` cannot evaluate them: that would be running the
/// pull request's MSBuild code. So every change to one of them is a grant a reviewer must read
/// (<see cref="ChangeKinds.BuildFileChanged"/>), and a change to a line that names the groups file fails the diff
/// outright (<see cref="ChangeKinds.GroupsFileRedirected"/>). Matching is by file name, not content, so it cannot be
/// talked around.
/// </summary>
internal static class BuildFiles
{
    /// <summary>The words that name the groups file in MSBuild: AgentSpecGroupsFile, AgentSpecGroupsPath and the AgentSpecGroups item metadata.</summary>
    public const string GroupsFileMarker = "AgentSpecGroups";

    /// <summary>Above this size a build file is not scanned for <see cref="GroupsFileMarker"/> and counts as redirecting.</summary>
    private const int MaxScannedLength = 4 * 1024 * 1024;

    private static readonly string[] Extensions =
        [".rsp", ".csproj", ".fsproj", ".vbproj", ".proj", ".props", ".targets", ".sln", ".slnx", ".slnf"];

    private static readonly string[] Names = ["global.json", "nuget.config", ".globalconfig"];

    /// <summary>The MSBuild files that are imported from folders above a project, up to the file system root.</summary>
    private static readonly string[] ImportedFromAbove =
        ["Directory.Build.props", "Directory.Build.targets", "Directory.Build.rsp", "Directory.Packages.props", "Directory.Solution.props", "Directory.Solution.targets"];

    /// <summary>Whether the file at <paramref name="relative"/> (from the top of the work tree, '/') decides what the build compiles or how CI reviews it.</summary>
    public static bool Decides(string relative)
    {
        var path = relative.Replace('\\', '/');
        var name = path[(path.LastIndexOf('/') + 1)..];
        return name.StartsWith("Directory.Build.", StringComparison.OrdinalIgnoreCase)
            || name.StartsWith("Directory.Solution.", StringComparison.OrdinalIgnoreCase)
            || Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase))
            || Names.Any(n => name.Equals(n, StringComparison.OrdinalIgnoreCase))
            || path.StartsWith(".github/workflows/", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith(".github/actions/", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase)
            || name.Equals(".gitlab-ci.yml", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The build-file changes between <paramref name="revision"/> and the work tree (or the index when
    /// <paramref name="staged"/>) of the repository at <paramref name="top"/>, and the MSBuild files above it, which
    /// every build inside imports and no review of the repository shows.
    /// </summary>
    public static IReadOnlyList<AccessChange> Changes(string top, string revision, bool staged)
    {
        var changes = new List<AccessChange>();
        var redirects = new List<AccessChange>();
        foreach (var path in Git.ChangedSince(top, revision, staged).Where(Decides))
        {
            if (new FileInfo(Path.Join(top, path)).LinkTarget is { } link)
            {
                // Never followed (a link to /dev/zero would never end); MSBuild reads what it points to, unseen here.
                changes.Add(new AccessChange(null, ChangeEffect.Grant, ChangeKinds.BuildFileChanged, null, path, null, null));
                redirects.Add(new AccessChange(null, ChangeEffect.Grant, ChangeKinds.GroupsFileRedirected, null, $"{path}: a symbolic link to {link}, whose content this review cannot show", null, null));
                continue;
            }

            var before = Git.TextAt(top, revision, path);
            var after = staged ? Git.TextAt(top, null, path) : ReadWorkTree(top, path);
            if (before == after)
            {
                continue; // only the file mode changed: MSBuild reads the same text
            }

            changes.Add(new AccessChange(null, ChangeEffect.Grant, ChangeKinds.BuildFileChanged, before is null ? null : path, after is null ? null : path, null, null));
            var (was, now) = (Declarations(before), Declarations(after));
            // Compared by text, shown with lines: a declaration that only moved down a line redirects nothing.
            if (!was.Select(d => d.Text).SequenceEqual(now.Select(d => d.Text), StringComparer.Ordinal))
            {
                redirects.Add(new AccessChange(
                    null, ChangeEffect.Grant, ChangeKinds.GroupsFileRedirected, Shown(path, was), Shown(path, now), null, null));
            }
        }

        for (var dir = Directory.GetParent(Path.GetFullPath(top)); dir is not null; dir = dir.Parent)
        {
            foreach (var name in ImportedFromAbove)
            {
                var file = Path.Join(dir.FullName, name);
                if (File.Exists(file))
                {
                    changes.Add(new AccessChange(null, ChangeEffect.Grant, ChangeKinds.BuildFileChanged, null, file + " (outside the repository)", null, null));
                }
            }
        }

        return [.. redirects, .. changes];
    }

    /// <summary>The lines of a build file that name the groups file (trimmed, 1-based); a file too large to scan is one such line.</summary>
    private static List<(int Line, string Text)> Declarations(string? text)
    {
        if (text is null)
        {
            return [];
        }

        if (text.Length > MaxScannedLength)
        {
            return [(0, $"{text.Length:N0} characters, too large to scan for {GroupsFileMarker}")];
        }

        return text.Split('\n')
            .Select((line, i) => (Line: i + 1, Text: line.Trim()))
            .Where(l => l.Text.Contains(GroupsFileMarker, StringComparison.OrdinalIgnoreCase))
            .ToList();
    }

    /// <summary>"Directory.Build.rsp:1: -p:AgentSpecGroupsFile=ops.yaml; ...", or null when the side has none.</summary>
    private static string? Shown(string path, List<(int Line, string Text)> declarations) =>
        declarations.Count == 0 ? null : string.Join("; ", declarations.Select(d => $"{path}:{d.Line}: {(d.Text.Length > 200 ? d.Text[..200] + "…" : d.Text)}"));

    private static string? ReadWorkTree(string top, string relative)
    {
        var full = Path.Join(top, relative);
        try
        {
            if (!File.Exists(full))
            {
                return null;
            }

            var info = new FileInfo(full);
            return info.Length > MaxScannedLength * 4L ? new string('\0', MaxScannedLength + 1) : File.ReadAllText(full);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"cannot read '{relative}': {ex.Message}; it decides what the build compiles, so diff needs it", ExitCodes.Failed);
        }
    }
}

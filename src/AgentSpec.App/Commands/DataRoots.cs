using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>Which data root a command works on: --data-dir, else $AGENTSPEC_DATA_DIR, else the XDG default.</summary>
internal static class DataRoots
{
    /// <summary>
    /// --data-dir, else $AGENTSPEC_DATA_DIR, else the XDG default ($XDG_DATA_HOME/agentspec or ~/.local/share/agentspec).
    /// With <paramref name="create"/> (init, run, up) a missing default root is created 0700, but only after the
    /// data-root checks passed for where it would be; the launcher checks it again before each spawn.
    /// </summary>
    public static string Resolve(CliContext context, string? option, bool create = false, string? allowlistPath = null)
    {
        var value = option ?? context.Environment(CommonOptions.DataDirVariable);
        if (!string.IsNullOrWhiteSpace(value))
        {
            return context.FullPath(value);
        }

        var root = context.DefaultDataRoot;
        if (create && !Directory.Exists(root))
        {
            RuntimeGuard.Run(() =>
            {
                DataRootCheck.EnsureUsable(root, context.Home, allowlistPath ?? context.DefaultAllowlist, WritableFolders.Of(context.Plans.All, context.Home));
                DefaultLocations.EnsurePrivate(root);
                return root;
            });
        }

        return root;
    }

    /// <summary>
    /// The data root of ps, stop and cleanup, which create nothing: a root that does not exist (a mistyped --data-dir)
    /// is said on standard error, since only a root removed since can still have containers.
    /// </summary>
    public static string ResolveExisting(CliContext context, string? option)
    {
        var root = Resolve(context, option);
        if (!Directory.Exists(root))
        {
            var from = option is not null ? "--data-dir "
                : context.Environment(CommonOptions.DataDirVariable) is { Length: > 0 } ? $"${CommonOptions.DataDirVariable} "
                : string.Empty;
            context.Error.WriteLine(
                $"{context.ProgramName}: the data root {from}{root} does not exist; only the containers of a data root removed since could belong to it. "
                + $"Check the path (the default is {context.DefaultDataRoot})");
        }

        return root;
    }
}

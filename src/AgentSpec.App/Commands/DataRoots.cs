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
}

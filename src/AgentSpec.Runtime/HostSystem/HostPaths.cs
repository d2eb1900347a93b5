using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime;

/// <summary>Host path facts with realpath semantics, done in managed code so every component is checked.</summary>
internal static class HostPaths
{
    private const int MaxSymlinkHops = 40;

    /// <summary>The invoking user's home directory.</summary>
    public static string DefaultHome => HomeFrom(Environment.GetEnvironmentVariable);

    /// <summary>The invoking user's home directory as an environment (the CLI invocation's) names it: $HOME, else the user profile.</summary>
    public static string HomeFrom(Func<string, string?> environment) =>
        environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>Expands a leading "~" or "~/" with <paramref name="home"/>; other paths are returned unchanged.</summary>
    public static string ExpandHome(string path, string home)
    {
        if (path == "~")
        {
            return home;
        }

        return path.StartsWith("~/", StringComparison.Ordinal) ? Path.Join(home, path.Substring(2)) : path;
    }

    /// <summary>
    /// Resolves <paramref name="path"/> like realpath(3): every component, symlinks followed (relative targets
    /// against their own directory, '..' after a symlink applied to the target), at most 40 hops.
    /// </summary>
    public static RealPathResult Resolve(string path) => Resolve(path, null);

    /// <summary>
    /// <see cref="Resolve(string)"/>, also recording in <paramref name="traversed"/> every directory in which a
    /// name was looked up (in order, each a real path). Whoever can write one of them can swap what the path means,
    /// so these are the folders a trust check must look at, including those a symlink led through.
    /// </summary>
    public static RealPathResult Resolve(string path, ICollection<string>? traversed)
    {
        if (!Path.IsPathRooted(path))
        {
            return new RealPathResult(null, null, $"'{path}' is not an absolute path");
        }

        var pending = new Stack<string>(Split(path).Reverse());
        var current = "/";
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? "/";
                continue;
            }

            var candidate = Path.Join(current, part);
            if (traversed is not null && !traversed.Contains(current))
            {
                traversed.Add(current);
            }

            string? target;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (IOException e)
            {
                return new RealPathResult(null, candidate, e.Message);
            }
            catch (UnauthorizedAccessException e)
            {
                return new RealPathResult(null, candidate, e.Message);
            }

            if (target is not null)
            {
                if (++hops > MaxSymlinkHops)
                {
                    return new RealPathResult(null, candidate, "too many levels of symbolic links");
                }

                foreach (var t in Split(target).Reverse())
                {
                    pending.Push(t);
                }

                if (Path.IsPathRooted(target))
                {
                    current = "/";
                }

                continue;
            }

            if (!File.Exists(candidate) && !Directory.Exists(candidate))
            {
                return new RealPathResult(null, candidate, null);
            }

            current = candidate;
        }

        return new RealPathResult(current, null, null);
    }

    /// <summary>
    /// The real path <paramref name="path"/> (absolute) will have once its missing folders are created: the real
    /// path of its deepest existing ancestor plus the missing names. Null when it cannot be told (a dangling
    /// symbolic link or a link loop on the way).
    /// </summary>
    public static string? Predict(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var missing = new Stack<string>();
        var current = full.Length == 0 ? "/" : full;
        while (true)
        {
            var resolved = Resolve(current);
            if (resolved.Exists)
            {
                return missing.Aggregate(resolved.RealPath!, Path.Join);
            }

            if (resolved.Problem is not null || IsSymlink(current) || Path.GetDirectoryName(current) is not { } parent)
            {
                return null;
            }

            missing.Push(Path.GetFileName(current));
            current = parent;
        }
    }

    /// <summary>The real path when it exists, else the normalized full path.</summary>
    public static string RealPathOrFull(string path) => Resolve(Path.GetFullPath(path)).RealPath ?? Path.GetFullPath(path).TrimEnd('/');

    /// <summary>True when <paramref name="path"/> equals <paramref name="root"/> or lies below it (component-wise).</summary>
    public static bool IsSameOrUnder(string path, string root)
    {
        var p = Normalize(path);
        var r = Normalize(root);
        return p == r || r == "/" || p.StartsWith(r + "/", StringComparison.Ordinal);
    }

    /// <summary>True when either path lies inside the other (they overlap).</summary>
    public static bool Overlaps(string a, string b) => IsSameOrUnder(a, b) || IsSameOrUnder(b, a);

    /// <summary>The path components of an absolute or relative path, without empty segments.</summary>
    public static string[] Split(string path) => path.Split('/', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>True when the path itself (not what it points to) is a symbolic link.</summary>
    public static bool IsSymlink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string Normalize(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}

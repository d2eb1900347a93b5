using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace AgentSpec.Runtime;

/// <summary>
/// Walks and removes folders an agent can write (session folders) through descriptors only: every entry is looked at
/// with fstatat(AT_SYMLINK_NOFOLLOW) relative to its open parent, a folder is entered with openat(O_DIRECTORY|O_NOFOLLOW),
/// and everything is removed with unlinkat on the parent's descriptor. A link is removed as a link, never followed, so
/// no name the agent swaps while this runs can send the host outside the folder it holds open.
/// </summary>
internal static class HostTree
{
    /// <summary>Bytes held by <paramref name="dir"/> and everything below it (links count as themselves; never followed).</summary>
    public static long Size(HostDirectory dir)
    {
        long total = 0;
        foreach (var name in Names(dir))
        {
            if (dir.Stat(name) is not { } facts)
            {
                continue;
            }

            total += facts.Size;
            if (facts.IsDirectory)
            {
                using var child = dir.OpenBelow(new[] { name });
                total += child is null ? 0 : Size(child);
            }
        }

        return total;
    }

    /// <summary>
    /// Removes entry <paramref name="name"/> of <paramref name="parent"/> and, for a folder, all it holds; throws a
    /// <see cref="RuntimeError"/> naming what could not be removed.
    /// </summary>
    public static void Remove(HostDirectory parent, string name)
    {
        if (parent.Stat(name) is not { } facts)
        {
            return;
        }

        if (facts.IsDirectory)
        {
            // A folder the agent chmod-ed to 000 cannot be entered by its non-root owner: give it back u+rwx first.
            AgentFolderModes.Repair(parent, name, HostFiles.EffectiveUid);
            using (var child = parent.OpenBelow(new[] { name }) ?? throw Failed(parent, name, Libc.ENOENT))
            {
                foreach (var entry in Names(child))
                {
                    Remove(child, entry);
                }
            }

            if (Libc.unlinkat((int)parent.Handle.DangerousGetHandle(), name, Libc.AT_REMOVEDIR) != 0 && Libc.Errno != Libc.ENOENT)
            {
                throw Failed(parent, name, Libc.Errno);
            }
        }
        else if (Libc.unlinkat((int)parent.Handle.DangerousGetHandle(), name, 0) != 0 && Libc.Errno != Libc.ENOENT)
        {
            throw Failed(parent, name, Libc.Errno);
        }
    }

    /// <summary>The names in <paramref name="dir"/> (read through /proc/self/fd/N: the open folder itself, not a path).</summary>
    public static IReadOnlyList<string> Names(HostDirectory dir)
    {
        try
        {
            return Directory.EnumerateFileSystemEntries($"/proc/self/fd/{(int)dir.Handle.DangerousGetHandle()}")
                .Select(e => System.IO.Path.GetFileName(e))
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RuntimeError($"cannot list '{dir.Path}' ({e.Message}); check its mode (chmod u+rwx '{dir.Path}')");
        }
    }

    private static RuntimeError Failed(HostDirectory parent, string name, int errno) =>
        new($"cannot remove '{parent.PathOf(name)}' (errno {errno}); " +
            $"{DiskFaults.Describe("removing", parent.PathOf(name), errno) ?? "check its owner and mode"}");
}

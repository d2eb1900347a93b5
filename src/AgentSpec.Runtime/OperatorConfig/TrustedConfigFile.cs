using System;
using System.Collections.Generic;
using System.IO;

namespace AgentSpec.Runtime;

/// <summary>
/// Reads a small operator configuration file that lives outside the project (the mount allowlist, the egress proxy
/// configuration) only when the operator made it: <see cref="FileTrust"/> (owner, modes, every folder on the way,
/// symlinks judged by their real path), at most <c>maxBytes</c> (checked before reading, and the read itself is
/// bounded), read without following a final link from the very inode that was checked, and never from inside a
/// folder a container can write (there an agent whose uid is the operator's passes every owner check).
/// </summary>
internal static class TrustedConfigFile
{
    /// <summary>The file's bytes and how to name it in messages; null when it does not exist. Throws <see cref="RuntimeError"/>.</summary>
    /// <param name="what">"the mount allowlist", "the egress proxy configuration".</param>
    /// <param name="tooLarge">The refusal for a file past <paramref name="maxBytes"/>, given its description and size.</param>
    /// <param name="writable">The folders containers of the installation can write (<see cref="WritableFolders"/>).</param>
    /// <param name="secret">A file of secrets (the credentials file): also refused when others may read it, or its group unless root owns it.</param>
    public static (byte[] Bytes, string Described)? Read(
        string path, string what, int maxBytes, Func<string, long, RuntimeError> tooLarge, IReadOnlyList<WritableFolder>? writable = null, bool secret = false)
    {
        var full = Path.GetFullPath(path);
        var real = HostPaths.RealPathOrFull(full);
        if (writable?.Containing(real) is { } outer)
        {
            throw new RuntimeError($"{what} {full}{(real == full ? string.Empty : $" (real path {real})")} lies inside {outer.Describe()}, so that agent could rewrite it and widen every later run; it is not trusted. Keep it in a folder no container can write (the default $XDG_CONFIG_HOME/agentspec/ or ~/.config/agentspec/ can never be mounted)");
        }

        var trust = FileTrust.Check(full, EntryKind.RegularFile);
        if (!trust.Exists && trust.Trusted)
        {
            return null;
        }

        if (!trust.Trusted)
        {
            throw new RuntimeError(
                $"{what} {trust.Describe()} is not trusted:{Environment.NewLine}{FileTrust.Lines(trust.Problems)}{Environment.NewLine}" +
                "It is trusted only as a regular file that you (or root) own and only you can change, in folders only you (or root) can change (root-owned sticky folders such as /tmp are accepted above it), " +
                "like OpenSSH's StrictModes: whoever can change it, such as an agent through a read-write mount, could widen what every later run gets. Nothing is read from it until this is fixed");
        }

        var facts = trust.Facts!.Value;
        // Others never; its group only for a root-owned file (a Kubernetes Secret volume: root, the gateway's fsGroup, 0440).
        if (secret && ((facts.Mode & 0x04) != 0 || ((facts.Mode & 0x20) != 0 && facts.Uid != 0)))
        {
            throw new RuntimeError($"{what} {trust.Describe()} holds secrets but its group or others may read it (mode {Convert.ToString(facts.Mode & 0x1FF, 8)}); run chmod 600 on it. Nothing was read");
        }

        if (facts.Size > maxBytes)
        {
            throw tooLarge(trust.Describe(), facts.Size);
        }

        using var stream = FileTrust.OpenForReading(trust.RealPath!);
        // The file read is the file checked: same device and inode, still a small regular file.
        var opened = HostFiles.Fstat(stream.SafeFileHandle);
        if (opened.Kind != EntryKind.RegularFile || opened.Device != facts.Device || opened.Inode != facts.Inode || opened.Uid != facts.Uid || opened.Mode != facts.Mode)
        {
            throw new RuntimeError($"{what} {trust.Describe()} changed while it was being read; run again, and find out what is changing it");
        }

        var bytes = ReadBounded(stream, maxBytes + 1);
        if (bytes.Length > maxBytes)
        {
            throw tooLarge(trust.Describe(), bytes.Length);
        }

        return (bytes, trust.Describe());
    }

    private static byte[] ReadBounded(Stream stream, int limit)
    {
        var buffer = new byte[Math.Min(limit, 64 * 1024)];
        var total = 0;
        while (total < limit)
        {
            if (total == buffer.Length)
            {
                Array.Resize(ref buffer, Math.Min(limit, buffer.Length * 2));
            }

            var read = stream.Read(buffer, total, buffer.Length - total);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        Array.Resize(ref buffer, total);
        return buffer;
    }
}

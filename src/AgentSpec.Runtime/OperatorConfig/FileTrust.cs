using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>
/// Trust of the operator's own files, like OpenSSH's StrictModes. A file (the mount allowlist) or folder (the data
/// root) is trusted only when it is what the operator made: the expected type; owned by the invoking user
/// (geteuid) or root; not writable by group or others; and every folder in which a name on the way to it is
/// looked up (including the folders a symlink leads through, up to /) is likewise owned by the invoking user or
/// root and not writable by group or others. Otherwise an agent (through a read-write mount) or another local
/// user could change what the next run mounts.
/// One deliberate exception: a root-owned folder with the sticky bit (/tmp, /var/tmp) is accepted above the
/// entry, because there only an entry's owner (or root) can rename or remove it, so what lies inside cannot
/// be swapped by others; the entry itself and its own folders must still pass.
/// </summary>
internal static class FileTrust
{
    /// <summary>The invoking user's effective uid.</summary>
    public static uint InvokingUid => OperatingSystem.IsLinux() ? (uint)HostFiles.EffectiveUid : throw Unsupported();

    /// <summary>
    /// Opens a file for reading without following a final symlink and without blocking (a FIFO swapped in after
    /// the check cannot hang the caller); the caller compares <see cref="Fstat"/> with what it checked.
    /// </summary>
    public static FileStream OpenForReading(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw Unsupported();
        }

        const int NonBlock = 0x800;
        const int CloseOnExec = 0x80000;
        var noFollow = RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;
        var fd = Native.open(path, NonBlock | CloseOnExec | noFollow);
        if (fd < 0)
        {
            throw new IOException($"cannot open {path} (errno {Marshal.GetLastPInvokeError()})");
        }

        return new FileStream(new SafeFileHandle((IntPtr)fd, ownsHandle: true), FileAccess.Read, bufferSize: 1);
    }

    /// <summary>
    /// Checks <paramref name="path"/> (absolute) and everything its meaning depends on. Never throws for a missing
    /// path: <see cref="TrustReport.Exists"/> is false, and the folders looked at so far are still checked (a
    /// data root is about to be created inside them).
    /// </summary>
    public static TrustReport Check(string path, EntryKind expected)
    {
        var full = System.IO.Path.GetFullPath(path);
        var traversed = new List<string>();
        var resolved = HostPaths.Resolve(full, traversed);
        var problems = new List<TrustProblem>();
        var uid = InvokingUid;
        foreach (var folder in traversed)
        {
            if (TryLstat(folder, problems) is { } f)
            {
                CheckOwnerAndMode(folder, f, uid, allowStickyRoot: true, problems);
            }
        }

        if (!resolved.Exists)
        {
            if (resolved.Problem is not null)
            {
                problems.Add(new TrustProblem(resolved.MissingAt ?? full, $"cannot be resolved ({resolved.Problem})", "make the path a plain file or folder you own"));
            }
            else if (TryLstat(full, problems) is { Kind: EntryKind.SymbolicLink })
            {
                problems.Add(new TrustProblem(full, $"is a symbolic link whose target does not exist ({resolved.MissingAt} is missing)", $"remove the link (rm '{full}') or create what it points to"));
            }

            return new TrustReport(path, null, null, problems);
        }

        var real = resolved.RealPath!;
        var target = TryLstat(real, problems);
        if (target is not { } t)
        {
            return new TrustReport(path, null, null, problems);
        }

        if (t.Kind != expected)
        {
            problems.Add(new TrustProblem(real, $"is {Article(t.Kind)}, not {Article(expected)}", expected == EntryKind.RegularFile
                ? $"point it at a regular file (a device such as /dev/zero, a FIFO or a folder is never read)"
                : $"use a real folder"));
        }

        CheckOwnerAndMode(real, t, uid, allowStickyRoot: false, problems);
        return new TrustReport(path, real, t, problems);
    }

    /// <summary>The problems of one entry's owner and mode; the entry itself never gets the sticky exception.</summary>
    public static void CheckOwnerAndMode(string path, EntryFacts facts, uint uid, bool allowStickyRoot, List<TrustProblem> problems)
    {
        var quoted = Quote(path);
        if (facts.Uid != uid && facts.Uid != 0)
        {
            var whom = uid == 0 ? "root (uid 0)" : $"you (uid {uid.ToString(CultureInfo.InvariantCulture)}) or root";
            problems.Add(new TrustProblem(path, $"is owned by uid {facts.Uid.ToString(CultureInfo.InvariantCulture)}, not by {whom}, so that user (an agent container runs as one) may have changed it",
                $"check its content, then `chown {uid.ToString(CultureInfo.InvariantCulture)} {quoted}` (or move it to a folder only you control)"));
        }

        if (facts.WritableByOthers && !(allowStickyRoot && facts.Uid == 0 && (facts.Mode & EntryFacts.Sticky) != 0 && facts.Kind == EntryKind.Directory))
        {
            var who = (facts.Mode & EntryFacts.OtherWrite) != 0 ? "everyone" : "its group";
            problems.Add(new TrustProblem(path, $"is writable by {who} (mode {facts.Octal})",
                $"check its content, then `chmod go-w {quoted}`"));
        }
    }

    /// <summary>lstat, turning a failure (such as a folder you may not search) into a problem instead of an exception.</summary>
    private static EntryFacts? TryLstat(string path, List<TrustProblem> problems)
    {
        try
        {
            return HostFiles.Lstat(path);
        }
        catch (IOException e)
        {
            problems.Add(new TrustProblem(path, $"cannot be examined ({e.Message})", "make it a folder or file you own and may read"));
            return null;
        }
    }

    /// <summary>The problems as indented lines, for an error message.</summary>
    public static string Lines(IEnumerable<TrustProblem> problems) =>
        string.Join(Environment.NewLine, System.Linq.Enumerable.Select(problems, p => "  - " + p));

    private static string Article(EntryKind kind) => kind switch
    {
        EntryKind.RegularFile => "a regular file",
        EntryKind.Directory => "a directory",
        EntryKind.SymbolicLink => "a symbolic link",
        EntryKind.CharacterDevice => "a character device",
        EntryKind.BlockDevice => "a block device",
        EntryKind.Fifo => "a FIFO (named pipe)",
        EntryKind.Socket => "a socket",
        _ => "an entry of unknown type",
    };

    private static string Quote(string path) => path.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', '\\', '*', '?', ';', '&', '|', '(', ')', '<', '>' }) < 0
        ? path
        : "'" + path.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static RuntimeError Unsupported() => new("the trust checks of the allowlist and data root need Linux (statx); this host is not supported");

    private static class Native
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int open(string path, int flags);
    }
}

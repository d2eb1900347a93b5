using System;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>What statx(2) says about one entry: type, owner, permission bits, size, identity and link count.</summary>
internal readonly record struct EntryFacts(EntryKind Kind, uint Uid, uint Gid, int Mode, long Size, ulong Device, ulong Inode, uint LinkCount)
{
    public const int GroupWrite = 0x10;
    public const int OtherWrite = 0x02;
    public const int Sticky = 0x200;

    public bool IsDirectory => Kind == EntryKind.Directory;

    /// <summary>The last modification time, in seconds since the epoch (stx_mtime).</summary>
    public long ModifiedSeconds { get; init; }

    /// <summary>The permission bits (with setuid, setgid and sticky).</summary>
    public UnixFileMode Permissions => (UnixFileMode)(Mode & 0xFFF);

    /// <summary>Writable by its group or by everyone.</summary>
    public bool WritableByOthers => (Mode & (GroupWrite | OtherWrite)) != 0;

    /// <summary>The permission bits as ls-style octal, e.g. 0755 or 1777.</summary>
    public string Octal => Convert.ToString(Mode & 0xFFF, 8).PadLeft(4, '0');

    /// <summary>True when the user uid:gid may read (and, for a directory, enter) the entry by its permission bits (ACLs are not read).</summary>
    public bool ReadableBy(long uid, long gid) => Allows(uid, gid, write: false);

    /// <summary>True when the user uid:gid may read and write (and, for a directory, enter) the entry by its permission bits.</summary>
    public bool WritableBy(long uid, long gid) => Allows(uid, gid, write: true);

    private bool Allows(long uid, long gid, bool write)
    {
        // The owner's bits apply to the owner even when the group's or others' would allow more, as in the kernel.
        var shift = uid == Uid ? 6 : gid == Gid ? 3 : 0;
        var bits = (Mode >> shift) & 7;
        return (bits & 4) != 0 && (!write || (bits & 2) != 0) && (!IsDirectory || (bits & 1) != 0);
    }
}

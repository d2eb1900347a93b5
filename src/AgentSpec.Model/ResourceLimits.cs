using System.Globalization;

namespace AgentSpec.Model;

/// <summary>
/// The pids and memory limits of a group's container (memory also caps swap: memory+swap = memory), and its disk
/// bounds: the sizes of the /tmp and /home/node tmpfs (the root file system is read-only) and of its log on the
/// host. Every plan has them; groups.yaml can only choose values inside the ranges below, so no plan runs unlimited. Value-equatable.
/// </summary>
public sealed record ResourceLimits(int Pids, long MemoryBytes)
{
    /// <summary>
    /// 512 tasks: a Node agent is ~15–25 threads, and each tool it starts (git, rg, a shell, an MCP server that is
    /// another Node process) adds a few to ~20; 512 leaves room for twenty or so of those at once and still stops a
    /// fork bomb long before the host's own limit.
    /// </summary>
    public const int DefaultPids = 512;

    /// <summary>
    /// 2 GiB: a Claude Code agent runs at a few hundred MB, V8's default old-space limit is ~2 GB on hosts this
    /// size, and tools such as git on a large repository need headroom; a leak stops there, not at the host's RAM.
    /// </summary>
    public const long DefaultMemoryBytes = 2L * Gi;

    /// <summary>Fewer than 16 tasks cannot run a shell plus a tool; 0 or -1 would mean unlimited to the engine.</summary>
    public const int MinPids = 16;

    public const int MaxPids = 65536;

    /// <summary>16 MiB: below it nothing but a static binary starts (the engine's own floor is 6 MiB).</summary>
    public const long MinMemoryBytes = 16 * Mi;

    public const long MaxMemoryBytes = 64 * Gi;

    private const long Ki = 1024;
    private const long Mi = 1024 * Ki;
    private const long Gi = 1024 * Mi;

    /// <summary>
    /// 256 MiB for /tmp: what compilers, package managers and Claude Code put there (a few to a few dozen MB) with
    /// room to spare; memory-backed (the pages count against the memory limit), never on the host's disk.
    /// </summary>
    public const long DefaultTmpBytes = 256 * Mi;

    /// <summary>256 MiB for /home/node beside the .claude mount: caches (~/.npm, ~/.cache, ~/.bun) and dot files; memory-backed too.</summary>
    public const long DefaultHomeBytes = 256 * Mi;

    /// <summary>
    /// 30 MiB of container log on the host (<see cref="LogFiles"/> files of 10 MiB): AgentSpec streams the output as
    /// it comes, so the engine's log is only a recent tail for `docker logs`; 30 MiB is hours of an agent's output.
    /// </summary>
    public const long DefaultLogBytes = 30 * Mi;

    /// <summary>The log is kept in this many rotated files; the oldest is deleted when the newest is full.</summary>
    public const int LogFiles = 3;

    /// <summary>1 MiB: below it not even a shell's here-document fits.</summary>
    public const long MinScratchBytes = 1 * Mi;

    /// <summary>64 GiB, as for memory: scratch space is memory-backed, so the memory limit caps it in practice.</summary>
    public const long MaxScratchBytes = 64 * Gi;

    /// <summary>3 MiB: 1 MiB per rotated file; a smaller log keeps too little of an error to read.</summary>
    public const long MinLogBytes = 3 * Mi;

    /// <summary>4 GiB: the log is on the host's disk (below the engine's data root), so its bound stays small.</summary>
    public const long MaxLogBytes = 4 * Gi;

    public static ResourceLimits Default { get; } = new(DefaultPids, DefaultMemoryBytes);

    /// <summary>Size of the tmpfs at /tmp (the root file system is read-only); <see cref="DefaultTmpBytes"/> unless declared.</summary>
    public long TmpBytes { get; init; } = DefaultTmpBytes;

    /// <summary>Size of the tmpfs at /home/node (under the .claude mount); <see cref="DefaultHomeBytes"/> unless declared.</summary>
    public long HomeBytes { get; init; } = DefaultHomeBytes;

    /// <summary>Most bytes of container log the engine keeps on the host, all rotated files together.</summary>
    public long LogBytes { get; init; } = DefaultLogBytes;

    /// <summary>The /tmp size in the groups.yaml form, e.g. "256m".</summary>
    public string Tmp => FormatMemory(TmpBytes);

    /// <summary>The /home/node size in the groups.yaml form.</summary>
    public string Home => FormatMemory(HomeBytes);

    /// <summary>The log bound in the groups.yaml form.</summary>
    public string Logs => FormatMemory(LogBytes);

    /// <summary>The size of one rotated log file: the bound split evenly, in whole bytes.</summary>
    public long LogFileBytes => LogBytes / LogFiles;

    /// <summary>The memory limit in the groups.yaml form, e.g. "2g" or "384m".</summary>
    public string Memory => FormatMemory(MemoryBytes);

    public override string ToString() => $"pids {Pids.ToString(CultureInfo.InvariantCulture)}, memory {Memory}";

    /// <summary>Why a pids limit is refused, or null: "is below 16" / "is above 65536".</summary>
    public static string? PidsProblem(long pids) =>
        pids < MinPids ? "is below " + MinPids.ToString(CultureInfo.InvariantCulture) + (pids <= 0 ? " (0 and -1 would mean unlimited)" : string.Empty)
        : pids > MaxPids ? "is above " + MaxPids.ToString(CultureInfo.InvariantCulture)
        : null;

    /// <summary>Why a memory limit in bytes is refused, or null.</summary>
    public static string? MemoryProblem(long bytes) =>
        bytes < MinMemoryBytes ? "is below " + FormatMemory(MinMemoryBytes)
        : bytes > MaxMemoryBytes ? "is above " + FormatMemory(MaxMemoryBytes)
        : null;

    /// <summary>Why a tmp or home (scratch tmpfs) size in bytes is refused, or null.</summary>
    public static string? ScratchProblem(long bytes) =>
        bytes < MinScratchBytes ? "is below " + FormatMemory(MinScratchBytes)
        : bytes > MaxScratchBytes ? "is above " + FormatMemory(MaxScratchBytes)
        : null;

    /// <summary>Why a log bound in bytes is refused, or null.</summary>
    public static string? LogsProblem(long bytes) =>
        bytes < MinLogBytes ? "is below " + FormatMemory(MinLogBytes)
        : bytes > MaxLogBytes ? "is above " + FormatMemory(MaxLogBytes)
        : null;

    /// <summary>Why these limits may not run a container, or null. For limits built by hand rather than compiled.</summary>
    public string? Problem =>
        PidsProblem(Pids) is { } pids ? "the pids limit " + Pids.ToString(CultureInfo.InvariantCulture) + " " + pids
        : MemoryProblem(MemoryBytes) is { } memory ? "the memory limit " + MemoryBytes.ToString(CultureInfo.InvariantCulture) + " bytes " + memory
        : ScratchProblem(TmpBytes) is { } tmp ? "the tmp size " + TmpBytes.ToString(CultureInfo.InvariantCulture) + " bytes " + tmp
        : ScratchProblem(HomeBytes) is { } home ? "the home size " + HomeBytes.ToString(CultureInfo.InvariantCulture) + " bytes " + home
        : LogsProblem(LogBytes) is { } logs ? "the logs bound " + LogBytes.ToString(CultureInfo.InvariantCulture) + " bytes " + logs
        : null;

    /// <summary>
    /// Reads "&lt;n&gt;[k|m|g]" (decimal digits, an optional unit of 1024, 1024² or 1024³ bytes, either case; no unit
    /// means bytes). False for anything else ("2GB", "1.5g", "-1", "unlimited") and for sizes past 2^62.
    /// </summary>
    public static bool TryParseMemory(string text, out long bytes)
    {
        bytes = 0;
        var digits = text;
        long unit = 1;
        if (text.Length > 0)
        {
            switch (char.ToLowerInvariant(text[text.Length - 1]))
            {
                case 'k': unit = Ki; break;
                case 'm': unit = Mi; break;
                case 'g': unit = Gi; break;
            }

            if (unit != 1)
            {
                digits = text.Substring(0, text.Length - 1);
            }
        }

        if (digits.Length == 0 || digits.Length > 18)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }
        }

        var n = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (n > (1L << 62) / unit)
        {
            return false;
        }

        bytes = n * unit;
        return true;
    }

    /// <summary>Bytes in the largest unit that divides them exactly: 2147483648 → "2g", 402653184 → "384m".</summary>
    public static string FormatMemory(long bytes) =>
        bytes != 0 && bytes % Gi == 0 ? (bytes / Gi).ToString(CultureInfo.InvariantCulture) + "g"
        : bytes != 0 && bytes % Mi == 0 ? (bytes / Mi).ToString(CultureInfo.InvariantCulture) + "m"
        : bytes != 0 && bytes % Ki == 0 ? (bytes / Ki).ToString(CultureInfo.InvariantCulture) + "k"
        : bytes.ToString(CultureInfo.InvariantCulture);
}

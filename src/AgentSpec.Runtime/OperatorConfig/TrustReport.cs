using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>
/// The outcome of <see cref="FileTrust.Check"/>: the real path (null when the path does not exist), the facts
/// of the entry that was checked, and every problem found on the way (empty when trusted).
/// </summary>
internal sealed record TrustReport(string Path, string? RealPath, EntryFacts? Facts, IReadOnlyList<TrustProblem> Problems)
{
    public bool Exists => RealPath is not null;

    public bool Trusted => Problems.Count == 0;

    /// <summary>"PATH" or "PATH (a symbolic link; real path REAL)", for messages.</summary>
    public string Describe() => RealPath is not null && RealPath != System.IO.Path.GetFullPath(Path).TrimEnd('/')
        ? $"{Path} (a symbolic link; its real path {RealPath} was checked)"
        : Path;
}

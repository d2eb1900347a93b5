using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// An allowlist that is valid for exactly the mounts in <see cref="For"/>: their real folders as roots (the folder
/// a missing mount will have once created), allowReadWrite only where one of them is read-write, nonMainReadOnly
/// false only when a non-main group among them needs read-write. It keeps what an existing allowlist already has.
/// </summary>
internal sealed record AllowlistSuggestion(MountAllowlist Allowlist, IReadOnlyList<string> For, IReadOnlyList<string> Notes, bool ReplacesExisting)
{
    public string Json => Allowlist.ToJson();
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>
/// One allowed root of the operator allowlist. <see cref="ReadOnly"/> is NanoClaw's newer per-root key: a root with
/// readOnly: true allows only read-only mounts under it, whatever allowReadWrite says (the runtime may only narrow).
/// </summary>
internal sealed record AllowedRoot(string Path, bool AllowReadWrite, string? Description, bool ReadOnly = false);

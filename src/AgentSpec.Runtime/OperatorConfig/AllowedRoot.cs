using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>One allowed root of the operator allowlist.</summary>
internal sealed record AllowedRoot(string Path, bool AllowReadWrite, string? Description);

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>A problem of the host, not of one mount (the data root, the allowlist, the engine, an image): reported once, with what it affects.</summary>
internal sealed record SharedHostProblem(HostProblemKind Kind, string Reason, string Fix, IReadOnlyList<string> Affects);

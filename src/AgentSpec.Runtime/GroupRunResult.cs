using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The outcome of one run.</summary>
public sealed record GroupRunResult(string GroupId, string RunId, int ExitCode, InitReport Init, IReadOnlyList<string> Warnings);

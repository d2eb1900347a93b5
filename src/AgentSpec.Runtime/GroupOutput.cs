using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// Where one group's output goes. A <see cref="ByteStreamWriter"/> receives the container's bytes unchanged; any
/// other writer receives them decoded as UTF-8. Wrap a terminal in <see cref="EscapingWriter"/> or
/// <see cref="PrefixedLineWriter"/> so the container's escape sequences are shown, not interpreted.
/// </summary>
public sealed record GroupOutput(TextWriter Stdout, TextWriter Stderr);

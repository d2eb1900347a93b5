using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Core.Checks;

/// <summary>A value read from groups.yaml with the span it came from.</summary>
internal sealed record Located<T>(T Value, SourceSpan Span);

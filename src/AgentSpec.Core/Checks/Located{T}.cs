using System.Collections.Generic;
using AgentSpec.Diagnostics;
using AgentSpec.Model;
using AgentSpec.Yaml;

namespace AgentSpec.Checks;

/// <summary>A value read from groups.yaml with the span it came from.</summary>
internal sealed record Located<T>(T Value, SourceSpan Span);

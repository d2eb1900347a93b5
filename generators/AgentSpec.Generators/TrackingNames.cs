using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators;

internal static class TrackingNames
{
    public const string Files = nameof(Files);
    public const string Compiled = nameof(Compiled);
    public const string Collected = nameof(Collected);
    public const string Severities = nameof(Severities);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Plans = nameof(Plans);
}

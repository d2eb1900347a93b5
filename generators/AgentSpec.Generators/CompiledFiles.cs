using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators;

/// <summary>Every compiled groups file, and the path the package expected one at (null without the package).</summary>
internal sealed record CompiledFiles(EquatableArray<CompiledFile> Files, string? ExpectedPath);

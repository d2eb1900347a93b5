using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators;

/// <summary>The plans to emit, the file's name, and its path relative to the project folder (recorded in the assembly: what the build compiled).</summary>
internal sealed record PlansModel(string FileName, EquatableArray<Model.GroupPlan> Plans, string SourcePath);

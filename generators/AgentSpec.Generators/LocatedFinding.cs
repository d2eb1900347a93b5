using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace AgentSpec.Generators;

internal sealed record LocatedFinding(string Path, Core.Diagnostics.Finding Finding);

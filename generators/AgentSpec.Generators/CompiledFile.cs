using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using AgentSpec.Core;

namespace AgentSpec.Generators;

internal sealed record CompiledFile(string Path, CompileResult? Result);

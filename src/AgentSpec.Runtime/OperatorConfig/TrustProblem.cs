using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace AgentSpec.Runtime;

/// <summary>One failed trust condition: the path, what is wrong with it, and the command that fixes it.</summary>
internal sealed record TrustProblem(string Path, string Condition, string Fix)
{
    public override string ToString() => $"{Path} {Condition}; fix: {Fix}";
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>What group-init created: a directory or a file, by absolute path.</summary>
public sealed record InitEntry(string Path, bool IsDirectory)
{
    public override string ToString() => IsDirectory ? Path + "/" : Path;
}

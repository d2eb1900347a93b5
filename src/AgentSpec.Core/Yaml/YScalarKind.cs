using System.Collections.Generic;
using AgentSpec.Core.Diagnostics;

namespace AgentSpec.Core.Yaml;

internal enum YScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

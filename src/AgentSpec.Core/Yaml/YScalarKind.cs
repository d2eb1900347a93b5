using System.Collections.Generic;
using AgentSpec.Diagnostics;

namespace AgentSpec.Yaml;

internal enum YScalarKind
{
    Null,
    Bool,
    Int,
    Float,
    String,
}

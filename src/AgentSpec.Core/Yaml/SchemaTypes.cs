using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Yaml;

/// <summary>The JSON Schema types a schema node may allow (draft-07 names).</summary>
[Flags]
internal enum SchemaTypes
{
    None = 0,
    String = 1,
    Integer = 2,
    Number = 4,
    Boolean = 8,
    Array = 16,
    Object = 32,
    Null = 64,
}

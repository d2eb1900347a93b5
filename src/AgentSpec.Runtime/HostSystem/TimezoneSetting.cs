using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>The host's time zone as it goes into the container's TZ, and where it was found.</summary>
public sealed record TimezoneSetting(string? Value, string Source)
{
    public bool IsSet => Value is not null;
}

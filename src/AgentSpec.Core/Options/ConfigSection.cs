using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Options;

/// <summary>A `[glob]` section and its options, in file order.</summary>
internal sealed record ConfigSection(string Name, EquatableArray<ConfigOption> Options);

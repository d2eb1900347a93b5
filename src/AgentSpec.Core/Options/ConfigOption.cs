using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Options;

/// <summary>One `key = value` of an analyzer config file; keys are lower-cased as Roslyn does.</summary>
internal sealed record ConfigOption(string Key, string Value);

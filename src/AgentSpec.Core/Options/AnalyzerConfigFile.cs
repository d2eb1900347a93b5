using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace AgentSpec.Core.Options;

/// <summary>
/// One parsed .editorconfig or global analyzer config (.globalconfig, or any file with `is_global = true`):
/// the folder it applies from, `root = true`, its options before any section, and its sections. Value-equatable.
/// </summary>
internal sealed record AnalyzerConfigFile(
    string Directory,
    bool IsRoot,
    bool IsGlobal,
    int GlobalLevel,
    EquatableArray<ConfigOption> Preamble,
    EquatableArray<ConfigSection> Sections);

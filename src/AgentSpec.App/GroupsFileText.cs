using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Options;

namespace AgentSpec.App;

/// <summary>A groups.yaml read for check, diff, plan or audit: the name to report it under, its text, and the absolute path (null for stdin).</summary>
internal sealed record GroupsFileText(string DisplayName, string Text, string? FullPath);

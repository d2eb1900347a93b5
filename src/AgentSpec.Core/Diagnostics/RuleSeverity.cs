namespace AgentSpec.Core.Diagnostics;

internal enum RuleSeverity
{
    Info,
    Warning,
    Error,
}

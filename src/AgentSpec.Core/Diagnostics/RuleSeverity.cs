namespace AgentSpec.Diagnostics;

internal enum RuleSeverity
{
    Info,
    Warning,
    Error,
}

namespace AgentSpec.Runtime;

/// <summary>How a container's run ended: its exit code, and whether the run's timeout stopped it.</summary>
internal sealed record ContainerExit(int ExitCode, bool TimedOut);

using System;

namespace AgentSpec.Runtime;

/// <summary>An engine call that did not answer within AgentSpec's own deadline (<see cref="EngineDeadlines"/>).</summary>
internal sealed class EngineTimeoutException : TimeoutException
{
    public EngineTimeoutException(string operation, TimeSpan waited)
        : base($"{operation}: no answer within {waited.TotalSeconds:0} s")
    {
        Operation = operation;
        Waited = waited;
    }

    /// <summary>What was asked of the engine ("create container", "ping", ...).</summary>
    public string Operation { get; }

    /// <summary>How long AgentSpec waited before giving up.</summary>
    public TimeSpan Waited { get; }
}

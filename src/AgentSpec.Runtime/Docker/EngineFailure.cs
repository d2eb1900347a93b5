using System;

namespace AgentSpec.Runtime;

/// <summary>
/// The Docker engine failed AgentSpec (unreachable, connection lost, no answer within AgentSpec's deadline, an
/// error the client did not expect): not a refusal of the plan or the host. `run` and `up` exit 125 with it.
/// </summary>
internal sealed class EngineFailure : RuntimeError
{
    public EngineFailure(string message)
        : base(message)
    {
    }

    public EngineFailure(string message, Exception inner)
        : base(message, inner)
    {
    }
}

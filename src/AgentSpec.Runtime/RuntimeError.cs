using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Runtime;

/// <summary>A run-time failure with a message meant for the operator: what went wrong and how to fix it.</summary>
public class RuntimeError : Exception
{
    public RuntimeError(string message)
        : base(message)
    {
    }

    public RuntimeError(string message, Exception inner)
        : base(message, inner)
    {
    }
}

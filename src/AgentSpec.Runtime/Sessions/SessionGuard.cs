using System;
using System.Collections.Generic;
using System.Linq;
using AgentSpec.Core.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// The runtime's own check of a session name (Core's <see cref="AgentSpec.Core.Model.SessionNames"/>), so a name that
/// did not come through the CLI (a library caller) can never name skill-data, .claude-shared or a path.
/// </summary>
internal static class SessionGuard
{
    /// <summary>Returns <paramref name="session"/>, or throws a <see cref="RuntimeError"/> saying what a valid name looks like.</summary>
    public static string Ensure(string session, string groupId) =>
        AgentSpec.Core.Model.SessionNames.Refusal(session) is { } refusal
            ? throw new RuntimeError($"group '{groupId}': {refusal}")
            : session;
}

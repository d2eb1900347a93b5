using System;
using System.Collections.Generic;
using System.Linq;

namespace AgentSpec.Runtime
{
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

    /// <summary>The run-time host check refused a spawn; <see cref="Errors"/> holds every problem found, not just the first.</summary>
    public sealed class HostCheckFailedException : RuntimeError
    {
        public HostCheckFailedException(IReadOnlyList<HostCheckError> errors)
            : base(Format(errors))
        {
            Errors = errors;
        }

        public IReadOnlyList<HostCheckError> Errors { get; }

        private static string Format(IReadOnlyList<HostCheckError> errors)
        {
            var groups = errors.Select(e => e.GroupId).Distinct().ToList();
            var head = $"refusing to start {(groups.Count == 1 ? $"group '{groups[0]}'" : $"groups {string.Join(", ", groups.Select(g => $"'{g}'"))}")}: {errors.Count} mount problem{(errors.Count == 1 ? string.Empty : "s")}";
            return head + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e.Message));
        }
    }

    /// <summary>
    /// The runtime's own check of a session name (Core's <see cref="AgentSpec.Model.SessionNames"/>), so a name that
    /// did not come through the CLI (a library caller) can never name skill-data, .claude-shared or a path.
    /// </summary>
    internal static class SessionGuard
    {
        /// <summary>Returns <paramref name="session"/>, or throws a <see cref="RuntimeError"/> saying what a valid name looks like.</summary>
        public static string Ensure(string session, string groupId) =>
            AgentSpec.Model.SessionNames.Refusal(session) is { } refusal
                ? throw new RuntimeError($"group '{groupId}': {refusal}")
                : session;
    }
}

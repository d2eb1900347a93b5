using System;
using System.Globalization;

namespace AgentSpec.Diagnostics
{
    /// <summary>
    /// A diagnostic descriptor without Roslyn types: the generator turns it into a DiagnosticDescriptor,
    /// the CLI prints it directly. <see cref="Protected"/> rules guard the host-managed mounts and
    /// cannot be downgraded through .editorconfig.
    /// </summary>
    internal sealed class Rule
    {
        public Rule(string id, string title, string messageFormat, RuleSeverity severity, string category, bool isProtected)
        {
            Id = id;
            Title = title;
            MessageFormat = messageFormat;
            Severity = severity;
            Category = category;
            Protected = isProtected;
        }

        public string Id { get; }

        public string Title { get; }

        /// <summary>string.Format pattern; {0}, {1}... are filled by the rule that fires.</summary>
        public string MessageFormat { get; }

        public RuleSeverity Severity { get; }

        public string Category { get; }

        public bool Protected { get; }

        public string HelpLink => $"https://github.com/agentspec/agentspec/blob/main/docs/diagnostics/{Id}.md";

        public Finding At(SourceSpan span, params object?[] args) =>
            new(Id, Severity, args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args), span);

        public override string ToString() => Id;
    }
}

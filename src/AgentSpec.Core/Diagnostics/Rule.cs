using System;
using System.Globalization;

namespace AgentSpec.Core.Diagnostics;

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

    /// <summary>What the rule reports, in one sentence: the message with each argument shown as '…'.</summary>
    public string FullDescription => Title + ": " + System.Text.RegularExpressions.Regex.Replace(MessageFormat, @"\{[0-9]+\}", "…") + ".";

    /// <summary>Whether .editorconfig can change it, in words: part of a rule's help.</summary>
    public string ConfigurationNote => Protected
        ? "This rule is protected: .editorconfig and global configs cannot change its severity."
        : $"Its severity can be changed with agentspec_diagnostic.{Id}.severity in the .editorconfig section for groups.yaml.";

    /// <summary>The rule's help as plain text (SARIF help.text, the build's descriptor description).</summary>
    public string HelpText => FullDescription + " " + ConfigurationNote + " Details and fixes: " + HelpLink;

    /// <summary>The rule's help as Markdown (SARIF help.markdown).</summary>
    public string HelpMarkdown => $"**{Id}: {Title}**\n\n{FullDescription}\n\n{ConfigurationNote}\n\n[Details and fixes]({HelpLink})";

    public Finding At(SourceSpan span, params object?[] args) =>
        new(Id, Severity, args.Length == 0 ? MessageFormat : string.Format(CultureInfo.InvariantCulture, MessageFormat, args), span);

    public override string ToString() => Id;
}

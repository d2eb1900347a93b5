using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using AgentSpec.Core.Diagnostics;
using AgentSpec.Core.Yaml;
using AgentSpec.Model;

namespace AgentSpec.Core.Checks;

/// <summary>
/// AGS0801–AGS0808: the 'agent' blocks (defaults.agent and each group's): effort and messages per prompt in range,
/// MCP servers with a command and a safe name, their environment free of secret values and of the host's and the
/// loader's names, credentials named as egress credentials are. Pure; reads the declaration, never changes it.
/// </summary>
internal static class AgentRules
{
    private static readonly Regex ServerName = new("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant);
    private static readonly Regex EnvName = new("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant);

    public static IReadOnlyList<Finding> Check(FileDeclaration file)
    {
        var findings = new List<Finding>();
        if (file.DefaultAgent is { } defaults)
        {
            CheckBlock(defaults, findings);
        }

        foreach (var group in file.Groups)
        {
            if (group.Agent is { } agent)
            {
                CheckBlock(agent, findings);
            }
        }

        return findings;
    }

    /// <summary>The group's settings: its own keys, else defaults.agent's provider, model and effort; entries the rules refuse are left out.</summary>
    public static AgentSettings SettingsOf(GroupDeclaration group, FileDeclaration file)
    {
        var own = group.Agent;
        var defaults = file.DefaultAgent;
        var settings = new AgentSettings
        {
            Provider = own?.Provider?.Value ?? defaults?.Provider?.Value,
            AssistantName = own?.AssistantName?.Value,
            Model = own?.Model?.Value ?? defaults?.Model?.Value,
            Effort = own?.Effort?.Value ?? defaults?.Effort?.Value,
            MaxMessagesPerPrompt = own?.MaxMessagesPerPrompt is { } max && int.TryParse(max.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : null,
            McpServers = (own?.McpServers ?? Array.Empty<McpServerDeclaration>())
                .Where(s => s.Command is not null)
                .Select(s => new McpServer(
                    s.Name.Value,
                    s.Command!.Value,
                    s.Args.Select(a => a.Value).ToEquatableArray(),
                    s.Env.Select(e => new EnvVar(e.Name.Value, e.Value.Value)).ToEquatableArray(),
                    s.Credentials.Select(c => new McpCredential(c.Name.Value, c.Value.Value)).ToEquatableArray()))
                .ToEquatableArray(),
        };
        return settings.IsEmpty ? AgentSettings.None : settings;
    }

    private static void CheckBlock(AgentDeclaration agent, List<Finding> findings)
    {
        if (agent.Effort is { } effort && !AgentSettings.EffortLevels.Contains(effort.Value, StringComparer.Ordinal))
        {
            var near = Suggest.Nearest(effort.Value.ToLowerInvariant(), AgentSettings.EffortLevels);
            findings.Add(Rules.AgentInvalidEffort.At(effort.Span, effort.Value, near is null ? string.Empty : $" (did you mean '{near}'?)"));
        }

        if (agent.MaxMessagesPerPrompt is { } max
            && !(long.TryParse(max.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                && n >= 1 && n <= AgentSettings.MaxMessagesPerPromptLimit))
        {
            findings.Add(Rules.AgentMaxMessagesOutOfRange.At(max.Span, max.Value));
        }

        foreach (var server in agent.McpServers)
        {
            CheckServer(server, findings);
        }
    }

    private static void CheckServer(McpServerDeclaration server, List<Finding> findings)
    {
        var name = server.Name.Value;
        if (!ServerName.IsMatch(name))
        {
            findings.Add(Rules.McpInvalidServerName.At(server.Name.Span, name));
        }

        if (server.Command is null && server.Node.Get("command") is null)
        {
            findings.Add(Rules.McpMissingCommand.At(server.Name.Span, name));
        }

        foreach (var (variable, value) in server.Env)
        {
            CheckVariable(name, "env", variable, findings);
            if (SecretValues.Looks(value.Value) is { } why)
            {
                findings.Add(Rules.McpSecretValue.At(value.Span, variable.Value, name, why));
            }
        }

        var inEnv = server.Env.ToDictionary(e => e.Name.Value, e => e.Name, StringComparer.Ordinal);
        foreach (var (variable, credential) in server.Credentials)
        {
            CheckVariable(name, "credentials", variable, findings);
            if (inEnv.TryGetValue(variable.Value, out var first))
            {
                findings.Add(Rules.McpVariableTwice.At(variable.Span, variable.Value, name, first.Span.StartLine + 1));
            }

            if (!EgressRules.IsCredentialName(credential.Value))
            {
                findings.Add(Rules.McpInvalidCredentialName.At(credential.Span, credential.Value, variable.Value, name));
            }
        }
    }

    /// <summary>The protected environment rules of groups.yaml 'env', for a name the MCP server gets.</summary>
    private static void CheckVariable(string server, string where, Located<string> variable, List<Finding> findings)
    {
        var reason = HostManagedMounts.ReservedEnvironment.TryGetValue(variable.Value, out var why)
            ? "is set by the host (" + why + ")"
            : HostManagedMounts.IsReservedEnvironmentName(variable.Value)
                ? "has the AGENTSPEC_ prefix, which is reserved for the host"
                : EnvironmentRules.InjectionReason(variable.Value);
        if (reason is not null)
        {
            findings.Add(Rules.McpProtectedVariable.At(variable.Span, variable.Value, server, where, reason));
        }
        else if (!EnvName.IsMatch(variable.Value))
        {
            findings.Add(Rules.InvalidEnvName.At(variable.Span, variable.Value));
        }
    }
}

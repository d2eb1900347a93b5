namespace AgentSpec.Core.Checks;

/// <summary>A 'limits' mapping (defaults or group): the raw values, checked by <see cref="ContainerRules"/>.</summary>
internal sealed record LimitsDeclaration
{
    /// <summary>The integer's text, as written.</summary>
    public Located<string>? Pids { get; init; }

    public Located<string>? Memory { get; init; }

    /// <summary>The size of the /tmp tmpfs.</summary>
    public Located<string>? Tmp { get; init; }

    /// <summary>The size of the /home/node tmpfs.</summary>
    public Located<string>? Home { get; init; }

    /// <summary>The bound of the container's log on the host.</summary>
    public Located<string>? Logs { get; init; }
}

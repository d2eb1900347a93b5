using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AgentSpec.Runtime;

namespace AgentSpec.Kubernetes;

/// <summary>The names given out in one rendering, per kind: a second object of a kind under a taken name is refused, saying what both are.</summary>
internal sealed class NameRegistry
{
    private readonly Dictionary<(string Kind, string Name), string> _owners = new();

    /// <summary>Takes <paramref name="name"/> for <paramref name="owner"/>; the same owner asking again gets it again.</summary>
    public string Claim(string kind, string name, string owner)
    {
        if (_owners.TryGetValue((kind, name), out var taken) && taken != owner)
        {
            throw new RuntimeError(
                $"the {kind} name '{name}' would be used by {taken} and by {owner}: Kubernetes names are lowercase letters, digits and '-', " +
                "so both sanitise to the same name and one would replace the other. Rename one of them (the group id in groups.yaml, or the --session name) so they differ in letters or digits");
        }

        _owners[(kind, name)] = owner;
        return name;
    }

    public int Count => _owners.Count;

    public override string ToString() => _owners.Count.ToString(CultureInfo.InvariantCulture) + " names";
}

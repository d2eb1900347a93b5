using System.Globalization;
using System.Text;
using AgentSpec.Core.Checks;
using AgentSpec.Model;
using AgentSpec.Runtime;
using AgentSpec.Core.Yaml;

namespace AgentSpec.Kubernetes;

/// <summary>
/// The operator's mapping of operator mounts to cluster storage (<c>--mounts-map FILE</c>, JSON or YAML): host-side
/// configuration like the allowlist, read as strictly (unknown or duplicate keys, wrong types, a group or mount the
/// compiled plans do not have: all errors, listed at once). It says only WHERE a mount's data lives; the container
/// path and the read-only flag stay the plan's. Value-equatable per entry.
/// <code>
/// groups:
///   main:
///     webapp: { claim: webapp-src, subPath: src }
///     notes: { hostPath: /srv/notes }
/// </code>
/// </summary>
internal sealed class MountsMap
{
    public const int MaxBytes = 256 * 1024;

    public const string Example = """
        groups:
          main:                       # a group id of groups.yaml
            webapp:                   # an operator mount: its containerPath as declared
              claim: webapp-src       # a PersistentVolumeClaim you create
              subPath: src            # optional: a folder inside the claim
            notes:
              hostPath: /srv/notes    # or a folder on the node (not allowed under Pod Security "restricted")
        """;

    private readonly Dictionary<(string Group, string Mount), MountTarget> _targets;

    private MountsMap(Dictionary<(string Group, string Mount), MountTarget> targets, string source)
    {
        _targets = targets;
        Source = source;
    }

    public static MountsMap Empty { get; } = new(new(), "(no --mounts-map)");

    /// <summary>The file it came from, for messages.</summary>
    public string Source { get; }

    public int Count => _targets.Count;

    public MountTarget? Find(string groupId, string mountName) => _targets.GetValueOrDefault((groupId, mountName));

    /// <summary>Reads the map at <paramref name="path"/> as the allowlist is read (trusted only when the operator made it, bounded, never inside a folder a container can write).</summary>
    public static MountsMap Load(string path, IReadOnlyList<GroupPlan> installation, IReadOnlyList<WritableFolder>? writable = null)
    {
        var file = TrustedConfigFile.Read(
            path,
            "the mounts map",
            MaxBytes,
            (described, size) => new RuntimeError($"the mounts map {described} is {size} bytes, more than the {MaxBytes} it may have; nothing was read"),
            writable) ?? throw new RuntimeError($"the mounts map {Path.GetFullPath(path)} does not exist; write it, e.g.:{Environment.NewLine}{Example}");
        return Parse(Encoding.UTF8.GetString(file.Bytes), file.Described, installation);
    }

    /// <summary>Parses a map (YAML, or JSON, which is YAML) strictly against the compiled plans; every problem at once.</summary>
    public static MountsMap Parse(string text, string source, IReadOnlyList<GroupPlan> installation)
    {
        var read = YamlReader.Read(text);
        var errors = read.Findings.Where(f => f.IsError).Select(f => $"line {f.Span.StartLine + 1}: {f.Message}").ToList();
        var targets = new Dictionary<(string, string), MountTarget>();
        // Read on after a duplicate key or the like, so every problem is listed at once; a file that did not parse has no tree.
        if (read.Root is not null || errors.Count == 0)
        {
            if (read.Root is not YMapping root)
            {
                errors.Add("the top level must be a mapping with 'groups'");
            }
            else
            {
                ReadGroups(root, installation, errors, targets);
            }
        }

        if (errors.Count > 0)
        {
            throw new RuntimeError(
                $"the mounts map {source} is malformed:{Environment.NewLine}{string.Join(Environment.NewLine, errors.Select(e => "  - " + e))}{Environment.NewLine}" +
                $"Fix it; it has this shape:{Environment.NewLine}{Example}");
        }

        return new MountsMap(targets, source);
    }

    private static void ReadGroups(YMapping root, IReadOnlyList<GroupPlan> installation, List<string> errors, Dictionary<(string, string), MountTarget> targets)
    {
        foreach (var (key, _) in root.Entries.Where(e => e.Key.Value != "groups"))
        {
            errors.Add($"line {Line(key)}: unknown key '{key.Value}'; the top level has only 'groups'");
        }

        var groups = root.Get("groups");
        if (groups is null)
        {
            errors.Add("'groups' is missing");
            return;
        }

        if (groups is not YMapping groupMap)
        {
            errors.Add($"line {Line(groups)}: 'groups' must be a mapping of group id to its mounts");
            return;
        }

        foreach (var (groupKey, mounts) in groupMap.Entries)
        {
            var plan = installation.FirstOrDefault(p => p.Id == groupKey.Value);
            if (plan is null)
            {
                errors.Add($"line {Line(groupKey)}: there is no group '{groupKey.Value}' in the compiled groups.yaml (groups: {string.Join(", ", installation.Select(p => p.Id))})");
                continue;
            }

            if (mounts is not YMapping mountMap)
            {
                errors.Add($"line {Line(mounts)}: group '{plan.Id}' must map its operator mounts (by containerPath) to a claim or hostPath");
                continue;
            }

            foreach (var (mountKey, value) in mountMap.Entries)
            {
                var mount = plan.Mounts.Operator.FirstOrDefault(m => m.Name == mountKey.Value);
                if (mount is null)
                {
                    var known = plan.Mounts.Operator.Select(m => m.Name).ToList();
                    errors.Add($"line {Line(mountKey)}: group '{plan.Id}' has no operator mount '{mountKey.Value}' ({(known.Count == 0 ? "it has none" : "its operator mounts: " + string.Join(", ", known))})");
                    continue;
                }

                if (ReadTarget(plan.Id, mount.Name, value, errors) is { } target)
                {
                    targets[(plan.Id, mount.Name)] = target;
                }
            }
        }
    }

    private static MountTarget? ReadTarget(string groupId, string mountName, YNode value, List<string> errors)
    {
        var where = $"line {Line(value)}: group '{groupId}' mount '{mountName}'";
        if (value is not YMapping entry)
        {
            errors.Add($"{where} must be a mapping with claim (and optionally subPath) or hostPath");
            return null;
        }

        var count = errors.Count;
        foreach (var (key, _) in entry.Entries.Where(e => e.Key.Value is not ("claim" or "subPath" or "hostPath")))
        {
            errors.Add($"line {Line(key)}: unknown key '{key.Value}' for group '{groupId}' mount '{mountName}'; it has claim and subPath, or hostPath (the read-only flag and container path are the plan's)");
        }

        var claim = Scalar(entry, "claim", where, errors);
        var subPath = Scalar(entry, "subPath", where, errors);
        var hostPath = Scalar(entry, "hostPath", where, errors);
        if ((claim is null) == (hostPath is null))
        {
            errors.Add($"{where} needs exactly one of claim or hostPath");
        }
        else if (hostPath is not null && subPath is not null)
        {
            errors.Add($"{where}: subPath goes with claim, not hostPath (write the whole folder as hostPath)");
        }

        if (claim is not null && !KubernetesNames.IsDnsLabel(claim))
        {
            errors.Add($"{where}: claim '{claim}' is not a PersistentVolumeClaim name (lowercase letters, digits and '-', at most {KubernetesNames.MaxNameLength})");
        }

        if (subPath is not null && (subPath.Length == 0 || subPath.StartsWith('/') || subPath.Split('/').Any(s => s is "" or "." or "..") || subPath.Any(char.IsControl)))
        {
            errors.Add($"{where}: subPath '{subPath}' must be a relative folder inside the claim (no leading '/', no '.' or '..' or empty segments)");
        }

        if (hostPath is not null && (!hostPath.StartsWith('/') || hostPath.Split('/').Any(s => s is "." or "..") || hostPath.Any(char.IsControl) || hostPath.Contains(':', StringComparison.Ordinal)))
        {
            errors.Add($"{where}: hostPath '{hostPath}' must be an absolute folder on the node, without '.', '..', ':' or control characters");
        }
        else if (hostPath is not null && HostPathRules.FindBlocked(hostPath) is { } blocked)
        {
            // The compiler's own blocked patterns (AGS0302): the map must not reach what groups.yaml may not.
            errors.Add($"{where}: hostPath '{hostPath}' matches the blocked pattern '{blocked.Pattern}' ({blocked.Reason}), as in groups.yaml (AGS0302); map a folder that holds no credentials, or a claim");
        }

        return errors.Count == count ? new MountTarget(claim, subPath, hostPath) : null;
    }

    private static string? Scalar(YMapping entry, string key, string where, List<string> errors) =>
        entry.Get(key) switch
        {
            null => null,
            YScalar { Kind: YScalarKind.String } s => s.Value,
            var other => Add(errors, $"{where}: {key} must be a string, not {other.KindName}"),
        };

    private static string? Add(List<string> errors, string error)
    {
        errors.Add(error);
        return null;
    }

    private static string Line(YNode node) => (node.Span.StartLine + 1).ToString(CultureInfo.InvariantCulture);
}

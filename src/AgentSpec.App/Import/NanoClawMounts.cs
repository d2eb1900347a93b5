using System.Text.Json;
using AgentSpec.Runtime;

namespace AgentSpec.App.Import;

/// <summary>
/// NanoClaw v2.0.64's spawn-time mount check (src/modules/mount-security, validateMount), replayed on this host: the
/// same order of checks and the same outcome, so the import can carry over exactly what NanoClaw mounts and name
/// what it silently drops or downgrades.
/// </summary>
internal static class NanoClawMounts
{
    public static IReadOnlyList<MountDecision> Decide(string additionalMounts, NanoClawAllowlist allowlist, string home, string projectRoot,
        List<string> problems)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(additionalMounts);
        }
        catch (JsonException)
        {
            problems.Add("additional_mounts is not valid JSON; NanoClaw fails to spawn this group, so no mount was carried over");
            return Array.Empty<MountDecision>();
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Array)
            {
                problems.Add("additional_mounts is not a JSON array; no mount was carried over");
                return Array.Empty<MountDecision>();
            }

            return doc.RootElement.EnumerateArray().Select((m, i) => Decide(i, m, allowlist, home, projectRoot)).ToList();
        }
    }

    private static MountDecision Decide(int index, JsonElement mount, NanoClawAllowlist allowlist, string home, string projectRoot)
    {
        var hostPath = mount.ValueKind == JsonValueKind.Object && mount.TryGetProperty("hostPath",
            out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : null;
        var declaredContainer = mount.ValueKind == JsonValueKind.Object && mount.TryGetProperty("containerPath",
            out var c) && c.ValueKind == JsonValueKind.String
            ? c.GetString()
            : null;
        var requestedReadWrite = mount.ValueKind == JsonValueKind.Object && mount.TryGetProperty("readonly", out var ro) && ro.ValueKind == JsonValueKind.False;
        var declared = hostPath ?? mount.GetRawText();
        MountDecision Drop(string reason, string? containerPath = null) =>
            new(index, declared, containerPath ?? declaredContainer, null, true, reason, null) { RequestedReadWrite = requestedReadWrite };

        if (hostPath is null)
        {
            var keys = mount.ValueKind == JsonValueKind.Object ? string.Join(", ", mount.EnumerateObject().Select(p => p.Name)) : mount.ValueKind.ToString();
            return Drop($"it has no hostPath string (keys: {keys}); NanoClaw cannot mount it");
        }

        if (allowlist.Error is not null)
        {
            return Drop($"NanoClaw blocks every additional mount: {allowlist.Error}");
        }

        var containerPath = string.IsNullOrEmpty(declaredContainer) ? Path.GetFileName(hostPath.TrimEnd('/')) : declaredContainer;
        if (containerPath.Contains("..",
            StringComparison.Ordinal) || containerPath.StartsWith('/') || containerPath.Trim().Length == 0 || containerPath.Contains(':'))
        {
            return Drop($"its container path \"{containerPath}\" is invalid to NanoClaw (it must be relative, non-empty, without '..' or ':')", containerPath);
        }

        var expanded = hostPath == "~" || hostPath.StartsWith("~/", StringComparison.Ordinal)
            ? HostPaths.ExpandHome(hostPath, home)
            : Path.GetFullPath(hostPath, projectRoot);
        var real = HostPaths.Resolve(Path.GetFullPath(expanded)).RealPath;
        if (real is null)
        {
            return Drop($"the host path does not exist on this host (expanded: {expanded})", containerPath);
        }

        if (allowlist.Patterns.FirstOrDefault(p => p.Length > 0 && real.Contains(p, StringComparison.Ordinal)) is { } pattern)
        {
            return Drop($"its real path {real} matches the blocked pattern \"{pattern}\"", containerPath);
        }

        var root = allowlist.Roots.FirstOrDefault(r => r.Problem is null && Contains(HostPaths.Resolve(Path.GetFullPath(Expand(r.Path!, home,
            projectRoot))).RealPath, real));
        if (root is null)
        {
            var roots = allowlist.Roots.Where(r => r.Problem is null).Select(r => Expand(r.Path!, home, projectRoot)).ToList();
            return Drop($"its real path {real} is not under any allowed root (allowed: {(roots.Count == 0 ? "none" : string.Join(", ", roots))})",
                containerPath);
        }

        var readOnly = !(requestedReadWrite && root.AllowReadWrite);
        var downgrade = requestedReadWrite && readOnly
            ? $"it asks for read-write, but its allowed root '{root.Path}' has no allowReadWrite: true, so NanoClaw mounts it read-only"
              + (root.ReadOnly == false ? " (NanoClaw v2.0.64 does not read readOnly: false)" : string.Empty)
            : null;
        var ignored = mount.EnumerateObject().Select(p => p.Name).Where(k => k is not ("hostPath" or "containerPath" or "readonly")).ToList();
        return new MountDecision(index, hostPath, containerPath, real, readOnly, null, downgrade)
        {
            Root = root, RequestedReadWrite = requestedReadWrite, IgnoredKeys = ignored,
        };
    }

    private static string Expand(string path, string home, string projectRoot) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal) ? HostPaths.ExpandHome(path, home) : Path.GetFullPath(path, projectRoot);

    // path.relative(root, real) neither starts with '..' nor is absolute.
    private static bool Contains(string? realRoot, string real)
    {
        if (realRoot is null)
        {
            return false;
        }

        var relative = Path.GetRelativePath(realRoot, real);
        return !relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}

using System.Collections.Generic;

namespace AgentSpec.Runtime;

/// <summary>
/// The one place the labels of what AgentSpec creates (containers and proxy networks) are built and read: they are
/// how list, stop and cleanup find this installation's objects, and only those.
/// </summary>
internal static class ContainerLabels
{
    /// <summary>The install, group, run and session labels of one run.</summary>
    public static Dictionary<string, string> For(string installId, LaunchSpec spec) => new()
    {
        [Labels.Install] = installId,
        [Labels.Group] = spec.GroupId,
        [Labels.Run] = spec.RunId,
        [Labels.Session] = spec.Session,
    };

    /// <summary>The engine filter ("key=value") of this installation's objects.</summary>
    public static string InstallFilter(string installId) => $"{Labels.Install}={installId}";

    /// <summary>The engine filter ("key=value") of one group's objects.</summary>
    public static string GroupFilter(string groupId) => $"{Labels.Group}={groupId}";

    /// <summary>Whether <paramref name="labels"/> really carry this installation's label (defence in depth after the engine's filter).</summary>
    public static bool AreOfInstall(IDictionary<string, string>? labels, string installId) =>
        labels is not null && labels.TryGetValue(Labels.Install, out var id) && id == installId;

    /// <summary>The value of <paramref name="key"/>, or <paramref name="fallback"/> when absent.</summary>
    public static string Value(IDictionary<string, string> labels, string key, string fallback = "") =>
        labels.TryGetValue(key, out var value) ? value : fallback;
}

using AgentSpec.Model;

namespace AgentSpec.Kubernetes;

/// <summary>The spelling of <see cref="VolumeMode"/> on the command line.</summary>
internal static class VolumeModes
{
    public const string HostPathName = "hostpath";
    public const string ClaimsName = "claims";

    public static string Name(this VolumeMode mode) => mode == VolumeMode.HostPath ? HostPathName : ClaimsName;

    public static VolumeMode? Parse(string text) =>
        text == HostPathName ? VolumeMode.HostPath : text == ClaimsName ? VolumeMode.Claims : null;
}

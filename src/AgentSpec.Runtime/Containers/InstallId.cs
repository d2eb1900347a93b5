using System;
using System.Security.Cryptography;
using System.Text;

namespace AgentSpec.Runtime;

/// <summary>
/// A stable id of one installation (one data root). Every container carries it as the
/// <c>agentspec.install</c> label, so list/stop/cleanup only ever touch this installation's containers.
/// </summary>
internal static class InstallId
{
    public static string For(string dataRoot)
    {
        var full = HostPaths.RealPathOrFull(dataRoot);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(full));
        return Convert.ToHexString(hash, 0, 6).ToLowerInvariant();
    }
}

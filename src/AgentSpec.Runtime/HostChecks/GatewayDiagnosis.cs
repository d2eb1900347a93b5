using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime;

/// <summary>
/// `doctor` for groups with egress: the same checks a spawn makes before anything is created (the operator's
/// gateway.json, every credential the plan names in credentials.json) and whether the engine has the gateway image.
/// </summary>
internal static class GatewayDiagnosis
{
    /// <summary>Adds the gateway and credential problems of the egress groups among <paramref name="plans"/>.</summary>
    public static void Check(IReadOnlyList<GroupPlan> plans, HostCheckOptions check, List<HostCheckError> problems)
    {
        var writable = WritableFolders.Of(WritableFolders.Installation(plans.First(), check.Installation), check.ResolvedHome);
        foreach (var plan in plans.Where(p => p.Network == NetworkMode.Gateway))
        {
            try
            {
                CredentialFile.Load(check.ResolvedCredentialsPath, writable).RequireForEgress(plan.Egress, $"group '{plan.Id}' has egress that");
            }
            catch (RuntimeError e)
            {
                problems.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, e.Message, $"add the credentials to {check.ResolvedCredentialsPath}")
                {
                    Kind = HostProblemKind.Credentials,
                });
            }

            try
            {
                GatewayConfig.Load(check.ResolvedGatewayPath, plan.Id, writable);
            }
            catch (RuntimeError e)
            {
                problems.Add(new HostCheckError(plan.Id, string.Empty, string.Empty, e.Message, $"write {check.ResolvedGatewayPath} as said")
                {
                    Kind = HostProblemKind.Gateway,
                });
            }
        }
    }

    /// <summary>Whether the engine has each gateway image the egress groups use (and made from which executable).</summary>
    public static async Task CheckImageAsync(
        DockerLauncher docker, IReadOnlyList<GroupPlan> plans, HostCheckOptions check, Func<Func<CancellationToken, Task>, Task<string?>> call,
            List<HostCheckError> problems)
    {
        var egress = plans.Where(p => p.Network == NetworkMode.Gateway).ToList();
        if (egress.Count == 0)
        {
            return;
        }

        string? image;
        try
        {
            image = GatewayConfig.Load(check.ResolvedGatewayPath, egress[0].Id).Image ?? GatewayImage.DefaultTag;
        }
        catch (RuntimeError)
        {
            image = GatewayImage.DefaultTag; // reported by Check
        }

        string? binary = null;
        if (await call(async ct => binary = await docker.GatewayImageBinaryAsync(image, ct).ConfigureAwait(false)).ConfigureAwait(false) is { } failed)
        {
            problems.Add(new HostCheckError(string.Empty, string.Empty, string.Empty, failed, "start the Docker engine") { Kind = HostProblemKind.Engine });
            return;
        }

        if (binary is null)
        {
            foreach (var plan in egress)
            {
                problems.Add(new HostCheckError(plan.Id, string.Empty, string.Empty,
                    $"the egress gateway image {image} is not present on the engine at {docker.Endpoint}", GatewayImage.HowToMake(image))
                {
                    Kind = HostProblemKind.Gateway,
                });
            }
        }
    }
}

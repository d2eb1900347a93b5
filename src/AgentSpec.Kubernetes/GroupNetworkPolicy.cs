using AgentSpec.Model;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>The NetworkPolicy of a group's Pods: what its network mode lets them reach (nothing comes in).</summary>
internal static class GroupNetworkPolicy
{
    /// <summary>
    /// network: none → no ingress, no egress at all; proxy → no ingress, egress only to the proxy Pods on their port;
    /// gateway (egress declared) → no ingress, egress only to the group session's gateway Pods on the gateway's port.
    /// </summary>
    public static V1NetworkPolicy Create(GroupPlan plan, RenderOptions options, NameRegistry names)
    {
        var proxy = plan.Network == NetworkMode.Proxy;
        return new V1NetworkPolicy
        {
            ApiVersion = WorkloadObjects.ApiVersion(V1NetworkPolicy.KubeGroup, V1NetworkPolicy.KubeApiVersion),
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = names.Claim(V1NetworkPolicy.KubeKind, KubernetesNames.Name(KubernetesNames.Prefix, plan.Id, "network"), $"group '{plan.Id}' network"),
                Labels = KubernetesLabels.OfGroup(plan, options),
                Annotations = new Dictionary<string, string> { ["agentspec.io/network"] = plan.Network.Name() },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector
                {
                    MatchLabels = new Dictionary<string, string> { [KubernetesLabels.Install] = options.InstallId, [KubernetesLabels.Group] = plan.Id },
                },
                PolicyTypes = new List<string> { "Ingress", "Egress" },
                Ingress = new List<V1NetworkPolicyIngressRule>(),
                Egress = plan.Network == NetworkMode.Gateway ? GatewayWorkload.AgentEgress(plan, options)
                    : proxy
                    ? new List<V1NetworkPolicyEgressRule>
                    {
                        new()
                        {
                            To = new List<V1NetworkPolicyPeer>
                            {
                                new()
                                {
                                    PodSelector = new V1LabelSelector
                                    {
                                        MatchLabels = new Dictionary<string, string> { [KubernetesLabels.EgressProxy] = KubernetesLabels.EgressProxyValue },
                                    },
                                },
                            },
                            Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "TCP", Port = options.ProxyPort!.Value } },
                        },
                    }
                    : new List<V1NetworkPolicyEgressRule>(),
            },
        };
    }
}

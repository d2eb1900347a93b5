using System.Globalization;
using System.Net.Sockets;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// The gateway Pods' NetworkPolicy: ingress only from the group session's agent Pods on the gateway's port; egress only
/// to the cluster DNS (the gateway resolves names itself) and to the declared ports. A NetworkPolicy knows addresses,
/// not names, so the gateway checks the name; the policy adds what it can: on a port whose destinations are all public
/// names, private, loopback and link-local ranges (169.254.169.254 among them) are excluded; a private: true literal
/// gets its own /32 (or /128); a private: true name opens its port to every address, as the gateway decides.
/// </summary>
internal static class GatewayNetworkPolicy
{
    /// <summary>Where no destination of a port said private: true, the gateway Pods never reach these.</summary>
    public static readonly string[] ExceptV4 =
    {
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16",
    };

    public static readonly string[] ExceptV6 = { "::1/128", "fc00::/7", "fe80::/10" };

    public static V1NetworkPolicy Create(GroupPlan plan, RenderOptions options, string name, Dictionary<string, string> labels)
    {
        var agents = new Dictionary<string, string>
        {
            [KubernetesLabels.Install] = options.InstallId,
            [KubernetesLabels.Group] = plan.Id,
            [KubernetesLabels.Session] = options.Session,
        };
        var egress = new List<V1NetworkPolicyEgressRule>
        {
            new()
            {
                To = new List<V1NetworkPolicyPeer>
                {
                    new()
                    {
                        NamespaceSelector = new V1LabelSelector
                        {
                            MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = "kube-system" },
                        },
                        PodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["k8s-app"] = "kube-dns" } },
                    },
                },
                Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "UDP", Port = 53 }, new() { Protocol = "TCP", Port = 53 } },
            },
        };
        foreach (var port in plan.Egress.Select(e => e.Port).Distinct().OrderBy(p => p))
        {
            egress.Add(new V1NetworkPolicyEgressRule
            {
                To = Peers(plan.Egress.Where(e => e.Port == port).ToList()),
                Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "TCP", Port = port } },
            });
        }

        return new V1NetworkPolicy
        {
            ApiVersion = V1NetworkPolicy.KubeGroup + "/" + V1NetworkPolicy.KubeApiVersion,
            Kind = V1NetworkPolicy.KubeKind,
            Metadata = new V1ObjectMeta
            {
                Name = name,
                Labels = labels,
                Annotations = new Dictionary<string, string>
                {
                    ["agentspec.io/egress"] = plan.Egress.Count.ToString(CultureInfo.InvariantCulture) + " destinations",
                },
            },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = GatewayWorkload.Selector(plan, options) },
                PolicyTypes = new List<string> { "Ingress", "Egress" },
                Ingress = new List<V1NetworkPolicyIngressRule>
                {
                    new()
                    {
                        FromProperty = new List<V1NetworkPolicyPeer> { new() { PodSelector = new V1LabelSelector { MatchLabels = agents } } },
                        Ports = new List<V1NetworkPolicyPort> { new() { Protocol = "TCP", Port = GatewayWorkload.Port } },
                    },
                },
                Egress = egress,
            },
        };
    }

    /// <summary>null (every address) when a name on the port said private: true; else public ranges plus the private literals declared.</summary>
    private static List<V1NetworkPolicyPeer>? Peers(IReadOnlyList<EgressRule> rules)
    {
        if (rules.Any(r => r.AllowPrivate && GatewayPolicy.Literal(r) is null))
        {
            return null;
        }

        var peers = new List<V1NetworkPolicyPeer>
        {
            new() { IpBlock = new V1IPBlock { Cidr = "0.0.0.0/0", Except = ExceptV4.ToList() } },
            new() { IpBlock = new V1IPBlock { Cidr = "::/0", Except = ExceptV6.ToList() } },
        };
        foreach (var literal in rules.Where(r => r.AllowPrivate).Select(GatewayPolicy.Literal).OfType<System.Net.IPAddress>().Distinct())
        {
            var bits = literal.AddressFamily == AddressFamily.InterNetworkV6 ? "/128" : "/32";
            peers.Add(new V1NetworkPolicyPeer { IpBlock = new V1IPBlock { Cidr = literal + bits } });
        }

        return peers;
    }
}

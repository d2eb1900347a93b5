using System.Globalization;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>One rendered object and the workload it belongs to (null: shared by the install, e.g. the shared-sources claim).</summary>
internal sealed record RenderedObject(IKubernetesObject<V1ObjectMeta> Object, string? Workload);

using AgentSpec.Model;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes.Tests;

/// <summary>Reads rendered YAML back through the KubernetesClient models, strictly (an unknown field is an error).</summary>
public static class Manifests
{
    /// <summary>Every document as its model type (Pod, Job, PersistentVolumeClaim, ...).</summary>
    public static IReadOnlyList<object> Load(string yaml) => KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true);

    /// <summary>
    /// Asserts that every document of <paramref name="yaml"/> is a known model and survives model → YAML → model
    /// unchanged (serialised the same both times), and returns the documents.
    /// </summary>
    public static IReadOnlyList<object> RoundTrip(string yaml)
    {
        var documents = Load(yaml);
        Assert.NotEmpty(documents);
        foreach (var document in documents)
        {
            Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(document);
            var once = KubernetesYaml.Serialize(document);
            var again = Assert.Single(Load(once));
            Assert.Equal(document.GetType(), again.GetType());
            Assert.Equal(once, KubernetesYaml.Serialize(again));
        }

        return documents;
    }

    /// <summary>The Pod spec of every workload: a Pod's own, a Job's template (what the Job controller makes a Pod of).</summary>
    public static IEnumerable<(V1ObjectMeta Metadata, V1PodSpec Spec)> PodSpecs(IEnumerable<object> documents) =>
        documents.Select(d => d switch
        {
            V1Pod pod => (pod.Metadata, pod.Spec),
            V1Job job => (job.Metadata, job.Spec.Template.Spec),
            _ => (null!, null!),
        }).Where(p => p.Spec is not null);

    /// <summary>A Job as the Pod its controller would create from the template (podman 4.3's kube play has no Job kind).</summary>
    public static V1Pod AsPod(V1Job job) => new()
    {
        ApiVersion = V1Pod.KubeApiVersion,
        Kind = V1Pod.KubeKind,
        Metadata = new V1ObjectMeta { Name = job.Metadata.Name, Labels = job.Spec.Template.Metadata.Labels, Annotations = job.Spec.Template.Metadata.Annotations },
        Spec = job.Spec.Template.Spec,
    };

    /// <summary>A plan as groups.yaml would compile it, with operator mounts (container path, host path, read-only).</summary>
    public static GroupPlan Plan(string id, IEnumerable<(string ContainerPath, string HostPath, bool ReadOnly)>? mounts = null, NetworkMode network = NetworkMode.None, ContainerUser? user = null, ResourceLimits? limits = null) =>
        GroupPlan.Create(
            id,
            id,
            id,
            isMain: false,
            "agentspec/agent:latest",
            skills: null,
            [new EnvVar("LOG_LEVEL", "debug")],
            (mounts ?? []).Select(m => new Mount(m.ContainerPath, m.HostPath, HostManagedMounts.OperatorMountRoot + "/" + m.ContainerPath, m.ReadOnly, MountOrigin.Operator)),
            user,
            limits,
            network);
}

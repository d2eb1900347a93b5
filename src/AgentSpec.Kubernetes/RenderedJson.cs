using System.Text.Json.Serialization;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>
/// Source-generated JSON for exactly the kinds the renderer writes. Not the client's own <c>KubernetesJson</c>: its
/// context covers every Kubernetes model, which made the NativeAOT agentspec 13 MB larger and every command start
/// with about 20 MB more memory (all of it rehydrated at process start), for kinds it never writes. The models carry
/// their own field names and converters (<see cref="IntOrString"/>, <see cref="ResourceQuantity"/>) as attributes.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(V1Pod))]
[JsonSerializable(typeof(V1Job))]
[JsonSerializable(typeof(V1NetworkPolicy))]
[JsonSerializable(typeof(V1PersistentVolumeClaim))]
[JsonSerializable(typeof(V1ConfigMap))]
[JsonSerializable(typeof(V1Service))]
[JsonSerializable(typeof(V1Deployment))]
internal sealed partial class RenderedJson : JsonSerializerContext
{
}

using System.Globalization;
using AgentSpec.Model;
using AgentSpec.Runtime;
using k8s;
using k8s.Models;

namespace AgentSpec.Kubernetes;

/// <summary>What a rendering produced: objects in apply order (what a workload needs comes before it) and notes for the operator.</summary>
internal sealed record Rendering(IReadOnlyList<RenderedObject> Objects, IReadOnlyList<string> Notes);

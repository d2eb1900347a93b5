using AgentSpec.Model;

namespace AgentSpec.Kubernetes;

/// <summary>Where a rendered Pod's volumes come from.</summary>
internal enum VolumeMode
{
    /// <summary>The data root's folders on the node (a single node that is the AgentSpec host). Pod Security "restricted" forbids hostPath.</summary>
    HostPath,

    /// <summary>PersistentVolumeClaims (group data, session, shared sources), a ConfigMap for container.json, and the operator's mapped claims.</summary>
    Claims,
}

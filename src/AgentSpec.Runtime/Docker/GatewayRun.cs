using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// A run's started gateway: the run's network (the gateway's address on it), its container, its files and the task writing its connection log.
/// </summary>
internal sealed record GatewayRun(ProxyNetwork Network, string ContainerId, GatewayFiles Files, Task Log);

namespace AgentSpec.App.Json;

/// <summary>"limits": pids, memory (swap included) and the scratch and log bounds, as written and in bytes.</summary>
internal sealed record LimitsJson(
    int Pids, string Memory, long MemoryBytes, long MemorySwapBytes, string Tmp, long TmpBytes, string Home, long HomeBytes, string Logs, long LogBytes);

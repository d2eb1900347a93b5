namespace AgentSpec.Cli.Tests.Faults;

/// <summary>The fault suite's tests share one second engine and run one after the other (they stop, kill and freeze it).</summary>
[CollectionDefinition(Name)]
public sealed class FaultCollection : ICollectionFixture<FaultEngine>, ICollectionFixture<EngineFixture>
{
    public const string Name = "Faults";
}

// The agentspec command of this repository: the same one-line host that `dotnet new agentspec-host` creates,
// over the same library, with this repository's groups.yaml compiled in.
using AgentSpec.App;
using AgentSpec.Generated;

return await AgentSpecApp.RunAsync(args, CompiledGroups.All, CompiledGroups.SourceFile);

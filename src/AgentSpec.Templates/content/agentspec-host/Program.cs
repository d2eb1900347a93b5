// Every command (plan, audit, check, diff, sarif, doctor, render, init, run, up, ps, stop, cleanup, sessions, gateway, gateway-image, import, completion)
// of agentspec, over the groups compiled
// from groups.yaml. `dotnet run -- --help` lists them.
using AgentSpec.App;
using AgentSpec.Generated;

return await AgentSpecApp.RunAsync(args, CompiledGroups.All, CompiledGroups.SourceFile);

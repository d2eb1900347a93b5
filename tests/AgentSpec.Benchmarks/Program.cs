using AgentSpec.Benchmarks;

return await Harness.MainAsync(args);

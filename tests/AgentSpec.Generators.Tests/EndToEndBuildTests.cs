using System.Diagnostics;
using System.Text.Json;
using Xunit;

namespace AgentSpec.Generators.Tests;

/// <summary>
/// Builds a throwaway consumer project with the real `dotnet build`, which is the only place a missing
/// analyzer dependency shows (CS8785), and checks the MSBuild output line and the SARIF error log.
/// </summary>
public class EndToEndBuildTests
{
    private const string BadYaml = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
            mounts:
              - hostPath: ~/.ssh
                containerPath: keys
                readonly: true
              - hostPath: /srv/a
                containerPath: data
                readonly: true
              - hostPath: /srv/b
                containerPath: data/inner
                readonly: true
              - hostPath: /srv/c
                containerPath: implicit
        """;

    [Fact]
    public void Dotnet_build_reports_located_errors_honours_severity_config_and_writes_sarif()
    {
        using var project = ConsumerProject.Create(BadYaml, """
            is_global = true
            # A warning raised to error: honoured.
            dotnet_diagnostic.AGS0207.severity = error
            # A protected rule silenced: ignored, it stays an error.
            dotnet_diagnostic.AGS0302.severity = none
            """,
            editorConfig: """
            root = true
            [groups.yaml]
            # A note raised to warning through .editorconfig: honoured.
            agentspec_diagnostic.AGS0601.severity = warning
            # A protected rule silenced through .editorconfig: ignored.
            agentspec_diagnostic.AGS0302.severity = none
            """);

        var (exitCode, output) = project.Build("-p:ConsumerErrorLog=build.sarif%2Cversion=2.1");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("groups.yaml(9,19): error AGS0302: hostPath '~/.ssh' matches the blocked pattern '.ssh'", output);
        Assert.Contains("groups.yaml(16,24): error AGS0207: containerPath 'data/inner' lies inside 'data'", output);
        Assert.Contains("groups.yaml(18,19): warning AGS0601: Mount 'implicit' does not say 'readonly'", output);
        Assert.DoesNotContain("CS8785", output);
        Assert.DoesNotContain("AD0001", output);
        Assert.DoesNotContain("error CS", output);

        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(project.Directory, "build.sarif")));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        var results = sarif.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().ToList();
        var blocked = Assert.Single(results, r => r.GetProperty("ruleId").GetString() == "AGS0302");
        Assert.Equal("error", blocked.GetProperty("level").GetString());
        var region = blocked.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
        Assert.Equal(9, region.GetProperty("startLine").GetInt32());
        Assert.Equal(19, region.GetProperty("startColumn").GetInt32());
    }

    [Fact]
    public void Dotnet_build_of_a_valid_file_succeeds_and_the_plans_run()
    {
        using var project = ConsumerProject.Create(Baselines.Input("valid.groups.yaml"), globalConfig: null);

        var (exitCode, output) = project.Build();
        Assert.True(exitCode == 0, output);

        var (runExit, runOutput) = project.Run();
        Assert.True(runExit == 0, runOutput);
        // Mount counts: twelve host-managed + two operator mounts for main; research-bot also has one bind per listed skill (two).
        Assert.Contains("main:14 research-bot:15", runOutput);
    }

    [Fact]
    public void Lowering_the_env_name_error_no_longer_gives_a_passing_build_with_no_groups()
    {
        // Issue 18: with AGS0407 lowered and an env name like LOG-FORMAT, check said 0 errors, the build passed, and the
        // built host had no groups at all. AGS0407 is protected now: both say error, at the same place.
        using var project = ConsumerProject.Create(
            """
            version: 1
            defaults:
              image: agentspec/agent:latest
            groups:
              - id: main
                folder: main
                main: true
                env:
                  LOG-FORMAT: json
            """,
            globalConfig: null,
            editorConfig: "root = true\n[groups.yaml]\nagentspec_diagnostic.AGS0407.severity = none\n",
            dotGlobalConfig: "is_global = true\ndotnet_diagnostic.AGS0407.severity = none\n");

        var (buildExit, buildOutput) = project.Build();
        var (checkExit, checkOutput) = project.Check("groups.yaml");

        Assert.True(buildExit != 0, "the build must not pass with no groups:\n" + buildOutput);
        Assert.Contains("groups.yaml(9,7): error AGS0407: Environment variable name 'LOG-FORMAT' is not valid", buildOutput);
        Assert.Equal(1, checkExit);
        Assert.Contains("groups.yaml(9,7): error AGS0407:", checkOutput);
        Assert.Equal(BuildFindings(buildOutput).Order(), checkOutput.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("groups.yaml(", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void Agentspec_check_and_dotnet_build_agree_diagnostic_for_diagnostic()
    {
        using var project = ConsumerProject.Create(Baselines.Input("many-errors.groups.yaml"), globalConfig: null);

        var (buildExit, buildOutput) = project.Build();
        var (checkExit, checkOutput) = project.Check("groups.yaml");

        Assert.NotEqual(0, buildExit);
        Assert.Equal(1, checkExit);

        // MSBuild prints each diagnostic as "<full path>/groups.yaml(L,C): error ID: message (help link) [project]", twice.
        var fromBuild = buildOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(" AGS", StringComparison.Ordinal) && l.Contains("groups.yaml(", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("groups.yaml(", StringComparison.Ordinal)..])
            .Select(l => l[..l.LastIndexOf(" (https://", StringComparison.Ordinal)])
            .ToHashSet();
        var fromCheck = checkOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(": error AGS", StringComparison.Ordinal) || l.Contains(": warning AGS", StringComparison.Ordinal))
            .ToHashSet();

        Assert.True(fromCheck.Count >= 10, checkOutput);
        Assert.Equal(fromCheck.Order(), fromBuild.Order());
    }

    /// <summary>Warnings, notes and configurable errors on separate lines, for the severity-agreement test.</summary>
    private const string TunableYaml = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: worker
            folder: worker
            env:
              9BAD: x
            mounts:
              - hostPath: /srv/a
                containerPath: data
                readonly: true
              - hostPath: /srv/b
                containerPath: data/inner
                readonly: true
              - hostPath: /srv/c
                containerPath: implicit
              - hostPath: /srv/d
                containerPath: agent
                readonly: true
              - hostPath: ~/.ssh
                containerPath: keys
                readonly: true
        """;

    public static TheoryData<string, string, string?> SeverityConfigurations => new()
    {
        {
            // Raised, lowered, dropped through .editorconfig sections (globs, later section wins); a protected rule silenced: ignored.
            "sections",
            """
            root = true
            [*.yaml]
            agentspec_diagnostic.AGS0409.severity = error
            agentspec_diagnostic.AGS0602.severity = none ; an inline comment
            [{groups,other}.yaml]
            AgentSpec_Diagnostic.AGS0601.Severity = warning
            agentspec_diagnostic.AGS0302.severity = none
            # dotnet_diagnostic in a section reaches C# files only, not groups.yaml
            dotnet_diagnostic.AGS0207.severity = error
            """,
            null
        },
        {
            // A .globalconfig: agentspec_diagnostic keys lose to .editorconfig; dotnet_diagnostic keys re-grade what is reported.
            "global",
            """
            root = true
            [groups.yaml]
            agentspec_diagnostic.AGS0601.severity = warning
            """,
            """
            is_global = true
            agentspec_diagnostic.AGS0407.severity = warning
            agentspec_diagnostic.AGS0601.severity = none
            dotnet_diagnostic.AGS0207.severity = error
            dotnet_diagnostic.AGS0409.severity = warning
            dotnet_diagnostic.AGS0302.severity = none
            """
        },
        {
            // Everything configurable quiet except the protected error: both still fail, on AGS0302 alone.
            "quiet",
            """
            root = true
            [*]
            agentspec_diagnostic.AGS0207.severity = none
            agentspec_diagnostic.AGS0407.severity = none
            agentspec_diagnostic.AGS0409.severity = none
            agentspec_diagnostic.AGS0601.severity = none
            agentspec_diagnostic.AGS0602.severity = none
            """,
            null
        },
    };

    [Theory]
    [MemberData(nameof(SeverityConfigurations))]
    public void Check_and_dotnet_build_agree_on_findings_severities_and_verdict_with_editorconfig_overrides(string name, string editorConfig, string? globalConfig)
    {
        // Lines 21-23 mount ~/.ssh (the protected AGS0302); only the "quiet" configuration keeps them.
        var yaml = name == "quiet" ? TunableYaml : string.Join("\n", TunableYaml.Split('\n').Take(20)) + "\n";
        using var project = ConsumerProject.Create(yaml, globalConfig: null, editorConfig: editorConfig, dotGlobalConfig: globalConfig);
        var (buildExit, buildOutput) = project.Build();
        var (checkExit, checkOutput) = project.Check("groups.yaml");

        var fromBuild = BuildFindings(buildOutput);
        var fromCheck = checkOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("groups.yaml(", StringComparison.Ordinal))
            .ToHashSet();
        Assert.True(fromCheck.Count >= 1, checkOutput);
        Assert.Equal(fromBuild.Order(), fromCheck.Order());
        Assert.Equal(buildExit == 0 ? 0 : 1, checkExit);
        Assert.True(name != "quiet" || buildExit != 0, "the protected AGS0302 must fail the build whatever .editorconfig says");
        Assert.True(name != "sections" || buildExit != 0, "AGS0409 raised to error must fail the build:\n" + buildOutput);
        Assert.True(name != "global" || buildExit != 0, "AGS0207 raised to error by the global config must fail the build:\n" + buildOutput);
    }

    [Fact]
    public void The_build_errorlog_carries_rule_metadata_and_agentspec_sarif_makes_it_pass_the_github_rules()
    {
        using var project = ConsumerProject.Create(BadYaml, globalConfig: null, editorConfig: "root = true\n[groups.yaml]\nagentspec_diagnostic.AGS0601.severity = warning\n");
        project.Git("init", "-q");
        var (exitCode, output) = project.Build("-p:ConsumerErrorLog=build.sarif%2Cversion=2.1");
        Assert.NotEqual(0, exitCode);

        var log = Path.Combine(project.Directory, "build.sarif");
        using (var sarif = JsonDocument.Parse(File.ReadAllText(log)))
        {
            // The descriptors give the compiler's log a full description and a help link for every AGS rule.
            var rules = sarif.RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray()
                .Where(r => r.GetProperty("id").GetString()!.StartsWith("AGS", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(rules);
            Assert.All(rules, r =>
            {
                Assert.Contains("Details and fixes: https://", r.GetProperty("fullDescription").GetProperty("text").GetString());
                Assert.StartsWith("https://github.com/agentspec/agentspec/blob/main/docs/diagnostics/AGS", r.GetProperty("helpUri").GetString());
            });
        }

        // Roslyn writes no rule help and names the C# compiler as the tool; `agentspec sarif` rewrites the AGS results.
        var (convertExit, converted) = project.Agentspec("sarif", "build.sarif", "-o", "code-scanning.sarif");
        Assert.True(convertExit == 0, converted);
        var result = Path.Combine(project.Directory, "code-scanning.sarif");
        Assert.Empty(AgentSpec.TestSupport.SarifMultitool.Validate(Baselines.RepositoryRoot(), result));
        using var rewritten = JsonDocument.Parse(File.ReadAllText(result));
        var levels = rewritten.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray()
            .Select(r => (r.GetProperty("ruleId").GetString(), r.GetProperty("level").GetString(), r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()))
            .ToHashSet();
        Assert.Contains(("AGS0302", "error", "groups.yaml"), levels);
        Assert.Contains(("AGS0601", "warning", "groups.yaml"), levels); // the build's level after .editorconfig
    }

    /// <summary>"groups.yaml(L,C): severity ID: message" lines of a build's output (each appears twice; the help link cut off).</summary>
    private static HashSet<string> BuildFindings(string buildOutput) =>
        buildOutput.Split('\n')
            .Select(l => l.Trim())
            .Where(l => l.Contains(" AGS", StringComparison.Ordinal) && l.Contains("groups.yaml(", StringComparison.Ordinal))
            .Select(l => l[l.IndexOf("groups.yaml(", StringComparison.Ordinal)..])
            .Select(l => l[..l.LastIndexOf(" (https://", StringComparison.Ordinal)])
            .ToHashSet();

    private sealed class ConsumerProject : IDisposable
    {
        private ConsumerProject(string directory) => Directory = directory;

        public string Directory { get; }

        public static ConsumerProject Create(string yaml, string? globalConfig, string? editorConfig = null, string? dotGlobalConfig = null)
        {
            var root = Baselines.RepositoryRoot();
            var dir = Path.Combine(Path.GetTempPath(), "agentspec-e2e-" + Guid.NewGuid().ToString("N")[..8]);
            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "groups.yaml"), yaml);
            File.WriteAllText(Path.Combine(dir, "Program.cs"), """
                System.Console.WriteLine(string.Join(" ", System.Linq.Enumerable.Select(AgentSpec.Generated.CompiledGroups.All, p => p.Id + ":" + p.Mounts.Count)));
                """);
            if (editorConfig is not null)
            {
                File.WriteAllText(Path.Combine(dir, ".editorconfig"), editorConfig);
            }

            if (dotGlobalConfig is not null)
            {
                // Found by the SDK itself (Microsoft.Managed.Core.targets), as `agentspec check` finds it.
                File.WriteAllText(Path.Combine(dir, ".globalconfig"), dotGlobalConfig);
            }

            if (globalConfig is not null)
            {
                File.WriteAllText(Path.Combine(dir, "agentspec.globalconfig"), globalConfig);
            }

            File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <!-- The consumer's ErrorLog only: -p:ErrorLog would reach the referenced projects too and write into the repository. -->
                    <ErrorLog Condition="'$(ConsumerErrorLog)' != ''">$(ConsumerErrorLog)</ErrorLog>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="{root}/src/AgentSpec.Core/AgentSpec.Core.csproj" />
                    <ProjectReference Include="{root}/generators/AgentSpec.Generators/AgentSpec.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                    <AdditionalFiles Include="groups.yaml" />
                    <GlobalAnalyzerConfigFiles Include="agentspec.globalconfig" Condition="Exists('agentspec.globalconfig')" />
                  </ItemGroup>
                </Project>
                """);
            return new ConsumerProject(dir);
        }

        public (int ExitCode, string Output) Build(params string[] extra) =>
            Dotnet(["build", "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:BuildProjectReferences=true", .. extra]);

        public (int ExitCode, string Output) Run() => Dotnet(["run", "--no-build"]);

        /// <summary>Runs the repository's own agentspec binary (built with the tests) in the project folder.</summary>
        public (int ExitCode, string Output) Check(string file) => Agentspec("check", file);

        public (int ExitCode, string Output) Agentspec(params string[] args)
        {
            var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
            var cli = Path.Combine(Baselines.RepositoryRoot(), "src", "AgentSpec.Cli", "bin", configuration, "net10.0", "agentspec.dll");
            Assert.True(File.Exists(cli), $"{cli} is missing: build AgentSpec.sln first");
            return Dotnet([cli, .. args]);
        }

        public void Git(params string[] args)
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }

        private (int, string) Dotnet(string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in args)
            {
                start.ArgumentList.Add(arg);
            }

            // No build server may outlive the build and hold our output pipes open.
            start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("dotnet " + string.Join(" ", args) + " did not finish in 5 minutes");
            }

            return (process.ExitCode, stdout.Result + stderr.Result);
        }

        public void Dispose()
        {
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder left behind is harmless.
            }
        }
    }
}

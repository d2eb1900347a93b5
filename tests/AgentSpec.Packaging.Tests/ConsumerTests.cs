using System.Text.RegularExpressions;

namespace AgentSpec.Packaging.Tests;

/// <summary>
/// A team's path, outside this repository, on the packed packages only: the template, and a bare console project
/// with the PackageReference. Real `dotnet new`, `dotnet build` and `dotnet run`, and a real container.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ConsumerTests(PackedFeed feed)
{
    private const string SshMount = "    mounts:\n      - hostPath: ~/.ssh\n        containerPath: ssh\n        readonly: true\n";

    [Fact]
    public async Task A_host_from_the_template_builds_lists_its_groups_runs_a_container_and_fails_at_the_line_of_an_illegal_mount()
    {
        var work = feed.NewFolder("from-template");
        (await Tool.DotnetAsync(work, "new", "install", feed.Package("AgentSpec.Templates"), "--debug:custom-hive", feed.Hive)).ShouldSucceed("dotnet new install");
        (await Tool.DotnetAsync(work, "new", "agentspec-host", "-o", "app", "--debug:custom-hive", feed.Hive)).ShouldSucceed("dotnet new agentspec-host");
        var app = Path.Join(work, "app");

        Assert.Contains($"Include=\"AgentSpec\" Version=\"{feed.Version}\"", File.ReadAllText(Path.Join(app, "app.csproj")));
        Assert.StartsWith("# yaml-language-server: $schema=obj/agentspec/groups.schema.json", File.ReadAllText(Path.Join(app, "groups.yaml")));
        Assert.Contains("dotnet", File.ReadAllText(Path.Join(app, ".github", "workflows", "agentspec.yml")));
        Assert.True(File.Exists(Path.Join(app, "README.md")));
        Assert.True(File.Exists(Path.Join(app, ".gitignore")));

        // The template sets TreatWarningsAsErrors: a generator that failed to load (CS8785) or threw (AD0001) fails here.
        var build = (await Tool.DotnetAsync(work, "build", "app")).ShouldSucceed("dotnet build of the template host");
        AssertGeneratorLoaded(build.Output);
        Assert.Equal(
            File.ReadAllText(Path.Join(PackedFeed.RepositoryRoot, "schemas", "groups.schema.json")),
            File.ReadAllText(Path.Join(app, "obj", "agentspec", "groups.schema.json")));

        var plan = (await Tool.DotnetAsync(work, "run", "--project", "app", "--no-build", "--", "plan")).ShouldSucceed("plan");
        Assert.Matches(@"(?m)^group main \(main\)", plan.Output);
        Assert.Contains("/workspace/skill-data", plan.Output);
        // The build recorded the file it compiled (what the review workflow checks AGENTSPEC_FILE against).
        var source = (await Tool.DotnetAsync(work, "run", "--project", "app", "--no-build", "--", "plan", "--source")).ShouldSucceed("plan --source");
        Assert.Equal("groups.yaml", source.Output.Trim());

        var data = Path.Join(work, "data");
        var run = (await Tool.DotnetAsync(work, "run", "--project", "app", "--no-build", "--", "run", "main", "--data-dir", data, "--", "sh", "-c", "echo ran-as-$(id -u) > /workspace/skill-data/proof; cat /workspace/skill-data/proof"))
            .ShouldSucceed("run main");
        // Non-root, and what it wrote to $SKILL_DATA_DIR is on the host where the plan says.
        var proof = Regex.Match(run.Output, @"ran-as-[1-9][0-9]*");
        Assert.True(proof.Success, run.Output);
        Assert.Equal(proof.Value, File.ReadAllText(Path.Join(data, "data", "v2-sessions", "main", "skill-data", "proof")).Trim());

        // Published as the README says: NativeAOT by default (the package's build props), with no trim or AOT warning
        // (the template treats warnings as errors), and the native file runs a container.
        var rid = System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier;
        var publish = (await Tool.DotnetAsync(work, "publish", "app", "-c", "Release", "-r", rid, "-p:PublishAot=true", "-o", Path.Join(work, "native")))
            .ShouldSucceed("dotnet publish -p:PublishAot=true of the template host");
        Assert.DoesNotMatch(@"warning (IL|NU|CS)\d+", publish.Output);
        var native = Path.Join(work, "native", "app");
        Assert.False(File.Exists(Path.Join(work, "native", "app.dll")), "a NativeAOT publish has no managed entry assembly");
        var nativeRun = (await Tool.RunAsync(native, ["run", "main", "--data-dir", data, "--", "sh", "-c", "cat /workspace/skill-data/proof"], work, TimeSpan.FromMinutes(2)))
            .ShouldSucceed("the native host's run main");
        Assert.Contains(proof.Value, nativeRun.Output);
        var nativeSource = (await Tool.RunAsync(native, ["plan", "--source"], work, TimeSpan.FromMinutes(1))).ShouldSucceed("the native host's plan --source");
        Assert.Equal("groups.yaml", nativeSource.Output.Trim());

        var groups = Path.Join(app, "groups.yaml");
        var text = File.ReadAllText(groups);
        File.WriteAllText(groups, text + SshMount);
        var hostPathLine = text.Split('\n').Length + 1;
        var refused = await Tool.DotnetAsync(work, "build", "app");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Matches(new Regex($@"groups\.yaml\({hostPathLine},\d+\): error AGS0302: hostPath '~/\.ssh'"), refused.Output);
        AssertGeneratorLoaded(refused.Output);
    }

    [Fact]
    public async Task A_console_project_with_the_package_reference_gets_AGS0007_without_a_groups_file_and_compiles_a_file_named_by_AgentSpecGroupsFile()
    {
        var work = feed.NewFolder("bare-console");
        (await Tool.DotnetAsync(work, "new", "console", "-o", "bare")).ShouldSucceed("dotnet new console");
        var bare = Path.Join(work, "bare");
        var project = Path.Join(bare, "bare.csproj");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</PropertyGroup>",
            "  <TreatWarningsAsErrors>true</TreatWarningsAsErrors>\n  </PropertyGroup>\n  <ItemGroup>\n    <PackageReference Include=\"AgentSpec\" Version=\"" + feed.Version + "\" />\n  </ItemGroup>"));
        File.WriteAllText(Path.Join(bare, "Program.cs"), "return await AgentSpec.App.AgentSpecApp.RunAsync(args, AgentSpec.Generated.CompiledGroups.All, AgentSpec.Generated.CompiledGroups.SourceFile);\n");

        // No groups file: one clear error, not a cascade about CompiledGroups.
        var missing = await Tool.DotnetAsync(work, "build", "bare");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Matches(new Regex(@"bare/groups\.yaml\(1,1\): error AGS0007: This project uses AgentSpec but has no groups file"), missing.Output);
        Assert.DoesNotContain("CS0234", missing.Output);
        Assert.DoesNotContain("CS0103", missing.Output);
        AssertGeneratorLoaded(missing.Output);

        // Another name, declared with the MSBuild property.
        Directory.CreateDirectory(Path.Join(bare, "config"));
        File.WriteAllText(Path.Join(bare, "config", "agents.yaml"), "version: 1\ndefaults:\n  image: agentspec/agent:latest\ngroups:\n  - id: writer\n    name: Writer\n    folder: writer\n    main: true\n");
        File.WriteAllText(project, File.ReadAllText(project).Replace(
            "</PropertyGroup>",
            "  <AgentSpecGroupsFile>config/agents.yaml</AgentSpecGroupsFile>\n  </PropertyGroup>"));
        var build = (await Tool.DotnetAsync(work, "build", "bare")).ShouldSucceed("dotnet build with AgentSpecGroupsFile");
        AssertGeneratorLoaded(build.Output);
        var plan = (await Tool.DotnetAsync(work, "run", "--project", "bare", "--no-build", "--", "plan")).ShouldSucceed("plan");
        Assert.Matches(@"(?m)^group writer \(main\)", plan.Output);

        // An error in that file is reported at its own path and line (the file has 8 lines; hostPath is on line 10).
        File.AppendAllText(Path.Join(bare, "config", "agents.yaml"), SshMount);
        var refused = await Tool.DotnetAsync(work, "build", "bare");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Matches(new Regex(@"config/agents\.yaml\(10,\d+\): error AGS0302"), refused.Output);
    }

    [Fact]
    public async Task The_steps_in_adopting_md_work_exactly_as_written_with_a_local_feed()
    {
        // docs/adopting.md's first shell block, run as a script: only FEED (the packed folder) and the version (this
        // run's pre-release) are substituted. A fresh HOME, so the template is installed the way a new machine would.
        var docs = File.ReadAllText(Path.Join(PackedFeed.RepositoryRoot, "docs", "adopting.md"));
        var section = docs[docs.IndexOf("## From an empty repository", StringComparison.Ordinal)..];
        var start = section.IndexOf("```sh\n", StringComparison.Ordinal) + "```sh\n".Length;
        var block = section[start..section.IndexOf("```", start, StringComparison.Ordinal)];
        Assert.Contains("AgentSpec.Templates@0.9.0 --add-source FEED", block);
        Assert.Contains("--feed FEED", block);
        var script = block.Replace("@0.9.0", "@" + feed.Version, StringComparison.Ordinal).Replace("FEED", feed.Feed, StringComparison.Ordinal);

        var work = feed.NewFolder("as-documented");
        var home = Path.Join(work, "home");
        Directory.CreateDirectory(home);
        File.WriteAllText(Path.Join(work, "steps.sh"), "set -euo pipefail\n" + script);
        var env = new Dictionary<string, string> { ["HOME"] = home, ["DOTNET_CLI_HOME"] = home };
        var run = (await Tool.RunAsync("bash", [Path.Join(work, "steps.sh")], work, TimeSpan.FromMinutes(12), env)).ShouldSucceed("the steps of docs/adopting.md");
        Assert.Matches(@"(?m)^group main \(main\)", run.Output);
        Assert.Matches(@"(?m)^hello$", run.Output);

        // The generated project is named as its README says, and names itself and its AgentSpec.
        var project = Path.Join(work, "my-agents");
        Assert.True(File.Exists(Path.Join(project, "my-agents.csproj")));
        var readme = File.ReadAllText(Path.Join(project, "README.md"));
        Assert.Contains("out/my-agents run main", readme);
        Assert.Contains("`my-agents.csproj`", readme);
        Assert.DoesNotContain("my_agents", readme);
        Assert.DoesNotContain("AGENTSPEC_", readme);
        Assert.Contains(feed.Feed, File.ReadAllText(Path.Join(project, "nuget.config")));
        var version = (await Tool.RunAsync("dotnet", ["run", "--no-build", "--", "--version"], project, TimeSpan.FromMinutes(2), env)).ShouldSucceed("--version");
        // The packages are packed from assemblies built without the feed's pre-release suffix: AgentSpec's version is the prefix.
        Assert.Matches($@"^my-agents 1\.0\.0 \(AgentSpec {Regex.Escape(feed.Version[..feed.Version.IndexOf('-', StringComparison.Ordinal)])}\)$", version.Output.Trim());
        var typo = await Tool.RunAsync("dotnet", ["run", "--no-build", "--", "plan", "--jsn"], project, TimeSpan.FromMinutes(2), env);
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("my-agents plan --help", typo.Output);
        Assert.DoesNotContain("agentspec --help", typo.Output);
    }

    private static void AssertGeneratorLoaded(string output)
    {
        Assert.DoesNotContain("CS8785", output);
        Assert.DoesNotContain("AD0001", output);
        Assert.DoesNotContain("CS8032", output);
    }
}

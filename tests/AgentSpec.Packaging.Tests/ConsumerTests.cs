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

    private static void AssertGeneratorLoaded(string output)
    {
        Assert.DoesNotContain("CS8785", output);
        Assert.DoesNotContain("AD0001", output);
        Assert.DoesNotContain("CS8032", output);
    }
}

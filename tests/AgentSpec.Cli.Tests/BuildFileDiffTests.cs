using System.Diagnostics;
using System.Text.Json;

namespace AgentSpec.Cli.Tests;

/// <summary>
/// Issue 18, hole 2: a pull request that leaves groups.yaml alone but changes what the build compiles (a one-line
/// Directory.Build.rsp, a Directory.Build.props, the project file, the workflow). `diff --base` must report every
/// such file as a grant, and fail outright when a line naming the groups file changed. Real git repositories with two
/// commits; one test does the real `dotnet build` of a consumer to show the attack works at build level.
/// </summary>
public sealed class BuildFileDiffTests
{
    private const string Groups = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        groups:
          - id: main
            folder: main
            main: true
          - id: research
            folder: research
            mounts:
              - hostPath: ~/projects/notes
                containerPath: notes
                readonly: true

        """;

    /// <summary>The file the attacker wants compiled: research gets ~/Documents read-write, the file policy allows it.</summary>
    private const string Ops = """
        version: 1
        defaults:
          image: agentspec/agent:latest
        policy:
          nonMainReadOnly: false
        groups:
          - id: main
            folder: main
            main: true
          - id: research
            folder: research
            mounts:
              - hostPath: ~/projects/notes
                containerPath: notes
                readonly: true
              - hostPath: ~/Documents
                containerPath: docs
                readonly: false

        """;

    private const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
          </PropertyGroup>
        </Project>

        """;

    /// <summary>Each way to change what is compiled without touching groups.yaml: the file added, and whether a line names the groups file.</summary>
    public static TheoryData<string, string, string, bool> Redirections => new()
    {
        { "rsp", "Directory.Build.rsp", "-p:AgentSpecGroupsFile=ops.yaml\n", true },
        { "rsp-in-subfolder", "src/Directory.Build.rsp", "/property:agentspecgroupsfile=../ops.yaml\n", true },
        { "props", "Directory.Build.props", "<Project><PropertyGroup><AgentSpecGroupsFile>ops.yaml</AgentSpecGroupsFile></PropertyGroup></Project>\n", true },
        { "path-property", "Directory.Build.targets", "<Project><PropertyGroup><AgentSpecGroupsPath>$(MSBuildThisFileDirectory)ops.yaml</AgentSpecGroupsPath></PropertyGroup></Project>\n", true },
        { "project-file", "Host.csproj", Project.Replace("</OutputType>", "</OutputType>\n    <AgentSpecGroupsFile>ops.yaml</AgentSpecGroupsFile>"), true },
        // No line names the groups file (a property built from pieces): still a changed build file, still a grant.
        { "obfuscated-targets", "Directory.Build.targets", "<Project><PropertyGroup><A>AgentSpec</A><B>GroupsFile</B></PropertyGroup><Target Name=\"X\" BeforeTargets=\"CoreCompile\"><CreateProperty Value=\"ops.yaml\"><Output TaskParameter=\"Value\" PropertyName=\"$(A)$(B)\" /></CreateProperty></Target></Project>\n", false },
        { "workflow", ".github/workflows/agentspec.yml", "on: pull_request\njobs: {}\n", false },
        { "nuget-config", "NuGet.Config", "<configuration><packageSources><add key=\"evil\" value=\"https://example.invalid/\" /></packageSources></configuration>\n", false },
        { "global-json", "global.json", "{ \"msbuild-sdks\": { \"Evil.Sdk\": \"1.0.0\" } }\n", false },
    };

    [Theory]
    [MemberData(nameof(Redirections))]
    public async Task A_pull_request_that_changes_a_build_file_fails_the_gate_and_names_the_file(string scenario, string file, string text, bool namesGroupsFile)
    {
        using var repo = new GitRepo();
        repo.Commit("groups.yaml", Groups);
        repo.Commit("Host.csproj", Project, "base");
        if (file != "Host.csproj")
        {
            File.WriteAllText(Path.Join(repo.Path, "ops.yaml"), Ops);
        }

        repo.Commit(file, text, "head: " + scenario);

        var gate = (await repo.DiffAsync("groups.yaml", "--fail-on", "grant")).Exits(Expected.Failed);
        Assert.Contains("build-file-changed", gate.Stdout);
        Assert.Contains(file, gate.Stdout);
        Assert.Contains("a reviewer must read", gate.Stdout);
        Assert.Contains("A reviewer must read each such file before approving", gate.Stderr);

        var json = (await repo.DiffAsync("groups.yaml", "--format", "json"))
            .Exits(namesGroupsFile ? Expected.Failed : Expected.Ok);
        using var doc = JsonDocument.Parse(json.Stdout);
        var changes = doc.RootElement.GetProperty("changes").EnumerateArray().ToList();
        var changed = Assert.Single(changes, c => c.GetProperty("kind").GetString() == "build-file-changed");
        Assert.Equal(file, changed.GetProperty("after").GetString());
        // Added in the head, or (the project file) changed in it.
        Assert.Equal(file == "Host.csproj" ? file : null, changed.GetProperty("before").GetString());
        Assert.Equal("grant", changed.GetProperty("effect").GetString());
        Assert.True(doc.RootElement.GetProperty("counts").GetProperty("grant").GetInt32() >= 1);

        if (namesGroupsFile)
        {
            // Without --fail-on too: the diff of groups.yaml may describe a file the build no longer compiles.
            var redirect = Assert.Single(changes, c => c.GetProperty("kind").GetString() == "groups-file-redirected");
            Assert.StartsWith(file + ":", redirect.GetProperty("after").GetString());
            Assert.Contains("error: the build may no longer compile groups.yaml: " + file + ":", json.Stderr);
        }
        else
        {
            Assert.DoesNotContain(changes, c => c.GetProperty("kind").GetString() == "groups-file-redirected");
        }

        var markdown = (await repo.DiffAsync("groups.yaml", "--format", "markdown")).Exits(namesGroupsFile ? Expected.Failed : Expected.Ok);
        Assert.Contains("#### Build files (what the build compiles; a reviewer must read each)", markdown.StdoutLines);
        Assert.Contains("**changes 1 build file a reviewer must read", markdown.Stdout);
    }

    [Fact]
    public async Task A_build_file_edited_or_deleted_and_one_staged_but_not_committed_are_reported_and_other_files_are_not()
    {
        using var repo = new GitRepo();
        repo.Commit("groups.yaml", Groups);
        repo.Commit("Host.csproj", Project.Replace("</OutputType>", "</OutputType>\n    <AgentSpecGroupsFile>groups.yaml</AgentSpecGroupsFile>"));
        repo.Commit("README.md", "docs only\n");

        // A change to neither groups.yaml nor a build file: nothing to report.
        var quiet = (await repo.DiffAsync("--fail-on", "grant")).Exits(Expected.Ok);
        Assert.Contains("no access changes", quiet.Stdout);

        // A declaration that only moved down a line redirects nothing; the file still changed.
        repo.Commit("Host.csproj", "<!-- the host -->\n" + Project.Replace("</OutputType>", "</OutputType>\n    <AgentSpecGroupsFile>groups.yaml</AgentSpecGroupsFile>"));
        var moved = (await repo.DiffAsync("--format", "json")).Exits(Expected.Ok);
        Assert.Contains("\"build-file-changed\"", moved.Stdout);
        Assert.DoesNotContain("groups-file-redirected", moved.Stdout);

        // Deleting the declaration redirects (the default groups.yaml, or whatever a props file above says).
        repo.Commit("Host.csproj", Project);
        var removed = (await repo.DiffAsync()).Exits(Expected.Failed);
        Assert.Contains("groups-file-redirected", removed.Stdout);

        // Staged, not committed: --staged (the pre-commit hook) sees it; the work tree diff sees the untracked file too.
        File.WriteAllText(Path.Join(repo.Path, "Directory.Build.rsp"), "-p:AgentSpecGroupsFile=ops.yaml\n");
        var untracked = (await Cli.RunAsync(["diff", "--base", "HEAD", "--fail-on", "grant"], workingDirectory: repo.Path)).Exits(Expected.Failed);
        Assert.Contains("Directory.Build.rsp", untracked.Stdout);
        var notStaged = (await Cli.RunAsync(["diff", "--base", "HEAD", "--staged", "--fail-on", "grant"], workingDirectory: repo.Path)).Exits(Expected.Ok);
        Assert.Contains("no access changes", notStaged.Stdout);
        repo.Git("add", "Directory.Build.rsp");
        var staged = (await Cli.RunAsync(["diff", "--base", "HEAD", "--staged", "groups.yaml"], workingDirectory: repo.Path)).Exits(Expected.Failed);
        Assert.Contains("groups.yaml (staged)", staged.Stdout);
        Assert.Contains("error: the build may no longer compile groups.yaml (staged): Directory.Build.rsp:1: -p:AgentSpecGroupsFile=ops.yaml", staged.Stderr);
        (await Cli.RunAsync(["diff", "a.yaml", "b.yaml", "--staged"], workingDirectory: repo.Path)).Exits(Expected.Usage);

        // A build file that is a symbolic link (here to /dev/zero, which never ends) is not followed: it redirects.
        repo.Git("reset", "-q");
        File.Delete(Path.Join(repo.Path, "Directory.Build.rsp"));
        File.CreateSymbolicLink(Path.Join(repo.Path, "Directory.Build.rsp"), "/dev/zero");
        var link = (await Cli.RunAsync(["diff", "--base", "HEAD"], workingDirectory: repo.Path, timeout: TimeSpan.FromSeconds(30))).Exits(Expected.Failed);
        Assert.Contains("Directory.Build.rsp: a symbolic link to /dev/zero", link.Stderr);
    }

    /// <summary>
    /// The attack of the issue, for real: the head adds a one-line Directory.Build.rsp and ops.yaml; `dotnet build`
    /// compiles ops.yaml (the built host's plan has the read-write ~/Documents), groups.yaml is untouched, and the
    /// review now fails naming Directory.Build.rsp instead of printing "no access changes".
    /// </summary>
    [Fact]
    public async Task A_directory_build_rsp_really_switches_the_compiled_file_and_the_review_reports_it()
    {
        using var repo = new GitRepo();
        var build = Path.Join(Repo.Root, "src", "AgentSpec", "build");
        var host = $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <Import Project="{build}/AgentSpec.props" />
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <PublishAot>false</PublishAot>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{Repo.Root}/src/AgentSpec.App/AgentSpec.App.csproj" />
                <ProjectReference Include="{Repo.Root}/generators/AgentSpec.Generators/AgentSpec.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
              </ItemGroup>
              <Import Project="{build}/AgentSpec.targets" />
            </Project>

            """;
        File.WriteAllText(Path.Join(repo.Path, "Program.cs"), "return await AgentSpec.App.AgentSpecApp.RunAsync(args, AgentSpec.Generated.CompiledGroups.All, AgentSpec.Generated.CompiledGroups.SourceFile);\n");
        File.WriteAllText(Path.Join(repo.Path, ".gitignore"), "bin/\nobj/\n");
        File.WriteAllText(Path.Join(repo.Path, "groups.yaml"), Groups);
        repo.Commit("Host.csproj", host, "base: a host on groups.yaml");
        File.WriteAllText(Path.Join(repo.Path, "ops.yaml"), Ops);
        repo.Commit("Directory.Build.rsp", "-p:AgentSpecGroupsFile=ops.yaml\n", "head: a one-line rsp");
        Assert.Equal(string.Empty, repo.Git("diff", "HEAD~1", "--", "groups.yaml", "Host.csproj")); // neither groups.yaml nor the project changed

        // The build compiles ops.yaml: the built plan of research has the read-write ~/Documents.
        var configuration = new DirectoryInfo(Path.GetDirectoryName(Cli.Dll)!).Parent!.Name;
        var (buildExit, buildOutput) = Dotnet(repo.Path, "build", "-c", configuration, "-nologo", "-nodeReuse:false", "-p:UseSharedCompilation=false", "-p:BuildProjectReferences=false");
        Assert.True(buildExit == 0, buildOutput);
        var (planExit, plan) = Dotnet(repo.Path, Path.Join(repo.Path, "bin", configuration, "net10.0", "Host.dll"), "plan", "research", "--json");
        Assert.True(planExit == 0, plan);
        Assert.Contains("~/Documents", plan);
        using (var doc = JsonDocument.Parse(plan))
        {
            var docs = doc.RootElement.GetProperty("groups").EnumerateArray().Single().GetProperty("mounts").EnumerateArray()
                .Single(m => m.GetProperty("hostSource").GetString() == "~/Documents");
            Assert.Equal("rw", docs.GetProperty("mode").GetString());
        }

        // The build records what it compiled: the host says ops.yaml, whatever groups.yaml the workflow names.
        var (sourceExit, source) = Dotnet(repo.Path, Path.Join(repo.Path, "bin", configuration, "net10.0", "Host.dll"), "plan", "--source");
        Assert.True(sourceExit == 0, source);
        Assert.Equal("ops.yaml", source.Trim());

        // The review gate of the CI template, on the same two commits: it fails and names the file.
        var gate = (await repo.DiffAsync("groups.yaml", "--format", "markdown", "--fail-on", "grant")).Exits(Expected.Failed);
        Assert.DoesNotContain("no access changes", gate.Stdout);
        Assert.Contains("| **grant** | build-file-changed |  |  | — → Directory.Build.rsp | - |", gate.StdoutLines);
        Assert.Contains("| **grant** | groups-file-redirected |  |  | — → Directory.Build.rsp:1: -p:AgentSpecGroupsFile=ops.yaml | - |", gate.StdoutLines);
        Assert.Contains("error: the build may no longer compile groups.yaml: Directory.Build.rsp:1: -p:AgentSpecGroupsFile=ops.yaml", gate.Stderr);

        // And the file the build really compiles, diffed, shows the grants themselves.
        var ops = (await repo.DiffAsync("ops.yaml", "--format", "json")).Exits(Expected.Failed);
        Assert.Contains("\"mount-added\"", ops.Stdout);
        Assert.Contains("\"policy-relaxed\"", ops.Stdout);
    }

    private static (int ExitCode, string Output) Dotnet(string directory, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(10)), "dotnet " + string.Join(' ', args) + " timed out");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

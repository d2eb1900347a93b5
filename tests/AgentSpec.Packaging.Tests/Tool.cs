using System.Diagnostics;
using System.Text;

namespace AgentSpec.Packaging.Tests;

public sealed record ToolResult(int ExitCode, string Output)
{
    public ToolResult ShouldSucceed(string what)
    {
        Assert.True(ExitCode == 0, $"{what} failed with exit code {ExitCode}:\n{Output}");
        return this;
    }
}

/// <summary>Runs dotnet (or another program) as a separate process, outside the repository's MSBuild environment.</summary>
public static class Tool
{
    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? env = null)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // The test host runs under `dotnet test`, whose MSBuild variables would leak into the consumer's build.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "DOTNET_HOST_PATH" })
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (var (key, value) in env ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', info.ArgumentList)} did not finish within {timeout.TotalSeconds:0} s:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new ToolResult(process.ExitCode, output.ToString());
        }
    }

    public static Task<ToolResult> DotnetAsync(string workingDirectory, params string[] args) =>
        RunAsync("dotnet", args, workingDirectory, TimeSpan.FromMinutes(8));
}

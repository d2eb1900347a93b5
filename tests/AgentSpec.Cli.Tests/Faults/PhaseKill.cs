using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// Starts a real agentspec process (through `env --default-signal`, like <see cref="Cli"/>) with AGENTSPEC_TIMINGS=1
/// and sends it a signal the moment its standard error reports a phase ("agentspec-timing: PHASE +..."): the way the
/// fault suite kills agentspec at each phase it reports.
/// </summary>
public static class PhaseKill
{
    /// <summary>Runs agentspec ARGS, signals it when <paramref name="phase"/> is reported, and returns what it printed and its exit (a signal: 128 + n).</summary>
    public static async Task<CliResult> RunAsync(IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env, string phase, int signal)
    {
        var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        info.ArgumentList.Add("--default-signal=INT,QUIT,TERM");
        foreach (var word in Cli.Command)
        {
            info.ArgumentList.Add(word);
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment.Remove("AGENTSPEC_DATA_DIR");
        foreach (var (name, value) in env)
        {
            info.Environment[name] = value;
        }

        info.Environment["AGENTSPEC_TIMINGS"] = "1";
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = new StringBuilder();
        var sent = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
            {
                stderr.AppendLine(line);
                if (!sent && line.StartsWith($"agentspec-timing: {phase} +", StringComparison.Ordinal))
                {
                    kill(process.Id, signal);
                    sent = true;
                }
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"agentspec {string.Join(' ', args)} did not end within 90 s after the phase '{phase}'; stderr so far:\n{stderr}");
        }

        Assert.True(sent, $"agentspec {string.Join(' ', args)} never reported the phase '{phase}'; stderr:\n{stderr}");
        return new CliResult(args.ToArray(), process.ExitCode, await stdout, stderr.ToString());
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}

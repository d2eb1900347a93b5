using System.Diagnostics;

namespace AgentSpec.Cli.Tests.Faults;

/// <summary>A small tmpfs of the test's own (mount -t tmpfs -o size=…), filled, remounted read-only and always unmounted on dispose.</summary>
public sealed class ScratchMount : IDisposable
{
    public ScratchMount(string size)
    {
        Directory.CreateDirectory(Path);
        Run($"mount -t tmpfs -o size={size},mode=0755 tmpfs {Path}");
    }

    public string Path { get; } = System.IO.Path.Join("/tmp", "asd-" + Guid.NewGuid().ToString("N")[..10]);

    private string Filler => System.IO.Path.Join(Path, "filler");

    /// <summary>Writes a file outside the data root until the file system is full (ENOSPC).</summary>
    public void Fill()
    {
        using var file = File.OpenWrite(Filler);
        var block = new byte[64 * 1024];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // Full.
        }
    }

    public void Unfill() => File.Delete(Filler);

    public void ReadOnly(bool on) => Run($"mount -o remount,{(on ? "ro" : "rw")} {Path}");

    public void Dispose()
    {
        Run($"umount -l {Path}", check: false);
        Directory.Delete(Path);
    }

    private static void Run(string command, bool check = true)
    {
        using var process = Process.Start(new ProcessStartInfo("sh", ["-c", command]) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (check)
        {
            Assert.True(process.ExitCode == 0, $"`{command}` failed (the fault suite runs as root): {error}");
        }
    }
}

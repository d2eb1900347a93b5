namespace AgentSpec.Cli.Tests.Faults;

/// <summary>
/// Issue 23, findings 4 and 6: the data root on a small tmpfs of the test's own, full and then read-only; an agent
/// that chmod-s its skill-data and session folder to 000. Before: a bare "No space left on device" with a 0-byte
/// lock and an empty session folder left behind; "run `agentspec init`" for a read-only disk (which then said
/// "already initialised"); doctor "every group would start"; skill-data at 000 not flagged.
/// </summary>
[Collection(FaultCollection.Name)]
public sealed class DiskFaultTests : IAsyncLifetime
{
    private readonly FaultEngine _engine;
    private readonly ScratchMount _disk = new("8m");
    private readonly FaultSandbox _sandbox;

    public DiskFaultTests(FaultEngine engine)
    {
        _engine = engine;
        _sandbox = new FaultSandbox(engine, Path.Join(_disk.Path, "data"));
    }

    public async Task InitializeAsync()
    {
        _engine.Require();
        await _sandbox.PrepareAsync();
    }

    public async Task DisposeAsync()
    {
        _disk.ReadOnly(false);
        await _sandbox.DisposeAsync();
        _disk.Dispose();
    }

    [Fact]
    public async Task A_full_data_root_is_refused_with_its_mount_point_and_leaves_no_lock_or_session_folder()
    {
        _disk.Fill();
        var run = (await _sandbox.RunAsync("run", "research", "--session", "fresh", "--", "true")).Exits(1);
        Assert.Contains($"the file system holding {_sandbox.DataRoot} (mounted at {_disk.Path}) is full: 0 bytes free", run.Stderr);
        Assert.Contains("agentspec sessions prune GROUP --older-than 30d", run.Stderr);
        Assert.DoesNotContain("No space left on device", run.Stderr);
        Assert.False(Directory.Exists(Path.Join(_sandbox.GroupData, "fresh")), "a session folder was left half made");
        Assert.False(File.Exists(Path.Join(_sandbox.GroupData, ".session-fresh.lock")), "a lock file was left half made");

        var doctor = (await _sandbox.RunAsync("doctor", "research")).Exits(1);
        Assert.Contains($"is full: 0 bytes free", doctor.Stdout);
        Assert.DoesNotContain("every group would start", doctor.Stdout);

        _disk.Unfill();
        _sandbox.AssertMarkerIntact();
        await _sandbox.AssertNextRunWorksAsync("fresh");
    }

    [Fact]
    public async Task A_read_only_data_root_names_the_remount_and_not_init()
    {
        _disk.ReadOnly(true);
        var run = (await _sandbox.RunAsync("run", "research", "--", "true")).Exits(1);
        Assert.Contains($"the data root {_sandbox.DataRoot} is on a read-only file system (mounted at {_disk.Path})", run.Stderr);
        Assert.Contains($"mount -o remount,rw {_disk.Path}", run.Stderr);
        Assert.DoesNotContain("run `agentspec init", run.Stderr);

        var init = (await _sandbox.RunAsync("init", "research")).Exits(1);
        Assert.Contains("is on a read-only file system", init.Stderr);
        var doctor = (await _sandbox.RunAsync("doctor", "research")).Exits(1);
        Assert.Contains("is on a read-only file system", doctor.Stdout);

        _disk.ReadOnly(false);
        await _sandbox.AssertNextRunWorksAsync();
    }

    [Fact]
    public async Task Folders_the_agent_chmod_ed_to_000_are_flagged_by_doctor_and_repaired_by_the_next_group_init()
    {
        // The agent itself locks its skill-data and its session folder (it owns both).
        (await _sandbox.RunAsync("run", "research", "--", "sh", "-c", "chmod 000 /workspace/skill-data /workspace")).Exits(0);
        var doctor = (await _sandbox.RunAsync("doctor", "research")).Exits(0);
        Assert.Contains($"warning: '{Path.Join(_sandbox.GroupData, "skill-data")}' has mode 0000: the agent cannot use it", doctor.Stdout);
        Assert.Contains($"warning: '{Path.Join(_sandbox.GroupData, "default")}' has mode 0000", doctor.Stdout);

        var next = await _sandbox.RunAsync("run", "research", "--", "cat", "/workspace/skill-data/marker.txt");
        next.Exits(0);
        Assert.Equal(FaultSandbox.Marker, next.Stdout);
        Assert.Contains($"agentspec: warning: group research: '{Path.Join(_sandbox.GroupData, "skill-data")}' had mode 0000", next.Stderr);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.Join(_sandbox.GroupData, "skill-data")));
        }
    }
}

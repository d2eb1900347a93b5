using System.Runtime.InteropServices;

namespace AgentSpec.App;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM for `run` and `up`: the default termination is cancelled and the run's token is
/// cancelled instead, so the launcher stops (grace period, then kill) and removes every container it started and
/// the session locks are released before the process exits with 128 + the signal (130, 143). A second signal
/// while stopping changes nothing: the grace period is already bounded. Signals are process-wide: only the real
/// process registers (an invocation in a test process gets the token and the reports, never the handlers).
/// </summary>
internal sealed class ShutdownSignals : IDisposable
{
    private readonly CancellationTokenSource _cts;
    private readonly PosixSignalRegistration[] _registrations;
    private readonly TextWriter _error;
    private readonly string _stopping;
    private int _received;

    /// <param name="outer">The invocation's token.</param>
    /// <param name="error">Where the reports go (the invocation's standard error).</param>
    /// <param name="register">Whether to handle SIGINT and SIGTERM: only in the real process.</param>
    /// <param name="stopping">What the first signal reports it does.</param>
    public ShutdownSignals(CancellationToken outer, TextWriter error, bool register, string stopping = "stopping the containers this run started")
    {
        _stopping = stopping;
        _cts = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _error = error;
        _registrations = register
            ?
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            ]
            : [];
    }

    /// <summary>Cancelled by the first SIGINT or SIGTERM.</summary>
    public CancellationToken Token => _cts.Token;

    /// <summary>The first signal received, if any.</summary>
    public PosixSignal? Signal { get; private set; }

    /// <summary>"SIGINT" or "SIGTERM", for messages.</summary>
    public string Name => Signal == PosixSignal.SIGINT ? "SIGINT" : "SIGTERM";

    /// <summary>The conventional exit code: 128 + the signal number (SIGINT 2 → 130, SIGTERM 15 → 143).</summary>
    public int ExitCode => Signal == PosixSignal.SIGINT ? 130 : 143;

    /// <summary>Writes "agentspec: SIGNAL: MESSAGE" on stderr.</summary>
    public void Report(string message) => _error.WriteLine($"agentspec: {Name}: {message}");

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cts.Dispose();
    }

    private void Handle(PosixSignalContext context)
    {
        context.Cancel = true; // no default termination: the containers are stopped and removed first
        if (Interlocked.Exchange(ref _received, 1) == 0)
        {
            Signal = context.Signal;
            Report(_stopping);
            _cts.Cancel();
        }
        else
        {
            Report($"already stopping (a bounded grace period, then kill); {context.Signal} ignored");
        }
    }
}

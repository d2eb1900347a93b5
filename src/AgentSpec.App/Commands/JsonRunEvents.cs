using System.Text;
using System.Text.Json;
using AgentSpec.Runtime;

namespace AgentSpec.App.Commands;

/// <summary>
/// `run --json` and `up --json`: one JSON object per line on stdout for each event of the run (schemas/run-events.schema.json),
/// written whole under one lock so lines of several containers never mix. Never carries a value of the run's environment.
/// </summary>
internal sealed class JsonRunEvents(TextWriter output, Func<string?> signal)
{
    private readonly object _gate = new();

    /// <summary>A runtime event (initialized, created, started, exited, stopped).</summary>
    public void Tell(GroupRunEvent e) => Write(w =>
    {
        w.WriteString("event", e.Kind.ToString().ToLowerInvariant());
        w.WriteString("group", e.GroupId);
        w.WriteString("session", e.Session);
        w.WriteString("runId", e.RunId);
        w.WriteString("container", e.ContainerName);
        if (e.ContainerId is { } id)
        {
            w.WriteString("containerId", id);
        }

        if (e.ExitCode is { } code)
        {
            w.WriteNumber("exitCode", code);
        }

        if (e.Kind == GroupRunEventKind.Stopped)
        {
            var byTimeout = e.Reason == "timeout";
            var name = byTimeout ? null : signal();
            w.WriteString("reason", byTimeout ? "timeout" : name is null ? "cancelled" : "signal");
            if (name is not null)
            {
                w.WriteString("signal", name);
            }
        }

        w.WriteNumber("elapsedMs", (long)e.Elapsed.TotalMilliseconds);
        if (e.Ran is { } ran)
        {
            w.WriteNumber("ranMs", (long)ran.TotalMilliseconds);
        }
    });

    /// <summary>AgentSpec refused the run before creating anything (every problem), or the command line was wrong ("usage").</summary>
    public void Refused(string reason, IReadOnlyList<string> problems, int exitCode) => Write(w =>
    {
        w.WriteString("event", "refused");
        w.WriteString("reason", reason);
        w.WriteStartArray("problems");
        foreach (var problem in problems)
        {
            w.WriteStringValue(problem);
        }

        w.WriteEndArray();
        w.WriteNumber("exitCode", exitCode);
    });

    /// <summary>AgentSpec failed after it began (engine failure, the command not found or not executable).</summary>
    public void Failed(string message, int exitCode) => Write(w =>
    {
        w.WriteString("event", "failed");
        w.WriteString("message", message);
        w.WriteNumber("exitCode", exitCode);
    });

    /// <summary>Where one group's container output goes: output events, base64 of its bytes.</summary>
    public GroupOutput Output(string groupId) => new(new OutputStream(this, groupId, "stdout"), new OutputStream(this, groupId, "stderr"));

    private void Output(string groupId, string stream, ReadOnlySpan<byte> bytes)
    {
        var data = Convert.ToBase64String(bytes);
        Write(w =>
        {
            w.WriteString("event", "output");
            w.WriteString("group", groupId);
            w.WriteString("stream", stream);
            w.WriteString("data", data);
        });
    }

    private void Write(Action<Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        var line = Encoding.UTF8.GetString(buffer.ToArray());
        lock (_gate)
        {
            output.Write(line + "\n");
            output.Flush();
        }
    }

    /// <summary>One output stream of a container: its bytes as they are (<see cref="IByteWriter"/>), text as UTF-8.</summary>
    private sealed class OutputStream(JsonRunEvents events, string groupId, string name) : TextWriter, IByteWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
        {
            if (bytes.Length > 0)
            {
                events.Output(groupId, name, bytes.Span);
            }

            return ValueTask.CompletedTask;
        }

        public override void Write(char value) => Write(value.ToString());

        public override void Write(string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                events.Output(groupId, name, Encoding.UTF8.GetBytes(value));
            }
        }
    }
}

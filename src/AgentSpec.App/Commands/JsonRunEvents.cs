using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AgentSpec.App.Json;
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
    public void Tell(GroupRunEvent e)
    {
        string? reason = null;
        string? name = null;
        if (e.Kind == GroupRunEventKind.Stopped)
        {
            var byTimeout = e.Reason == "timeout";
            name = byTimeout ? null : signal();
            reason = byTimeout ? "timeout" : name is null ? "cancelled" : "signal";
        }

        var line = new RunEventJson(
            e.Kind.ToString().ToLowerInvariant(), e.GroupId, e.Session, e.RunId, e.ContainerName, e.ContainerId, e.ExitCode, reason, name,
            (long)e.Elapsed.TotalMilliseconds, e.Ran is { } ran ? (long)ran.TotalMilliseconds : null);
        Write(line, AppJson.Default.RunEventJson);
    }

    /// <summary>AgentSpec refused the run before creating anything (every problem), or the command line was wrong ("usage").</summary>
    public void Refused(string reason, IReadOnlyList<string> problems, int exitCode) =>
        Write(new RefusedEventJson("refused", reason, problems, exitCode), AppJson.Default.RefusedEventJson);

    /// <summary>AgentSpec failed after it began (engine failure, the command not found or not executable).</summary>
    public void Failed(string message, int exitCode) => Write(new FailedEventJson("failed", message, exitCode), AppJson.Default.FailedEventJson);

    /// <summary>Where one group's container output goes: output events, base64 of its bytes.</summary>
    public GroupOutput Output(string groupId) => new(new OutputStream(this, groupId, "stdout"), new OutputStream(this, groupId, "stderr"));

    private void Output(string groupId, string stream, ReadOnlySpan<byte> bytes)
    {
        var data = Convert.ToBase64String(bytes);
        Write(new OutputEventJson("output", groupId, stream, data), AppJson.Default.OutputEventJson);
    }

    /// <summary>One compact line: the writer's options (not indented) decide the layout, the context only the names and order.</summary>
    private void Write<T>(T value, JsonTypeInfo<T> type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(writer, value, type);
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

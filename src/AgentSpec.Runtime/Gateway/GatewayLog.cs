using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace AgentSpec.Runtime;

/// <summary>
/// The gateway's connection log: one line per allowed or refused connection, as text for the operator or as JSON
/// lines (<c>--log-format json</c>), each with the group and session of the policy. Lines are written whole, one at
/// a time. What it writes comes from <see cref="GatewayEvent"/>, which holds no credential value.
/// </summary>
internal sealed class GatewayLog
{
    private readonly TextWriter _writer;
    private readonly bool _json;
    private readonly string _group;
    private readonly string _session;
    private readonly object _lock = new();

    public GatewayLog(TextWriter writer, bool json, string group, string session)
    {
        _writer = writer;
        _json = json;
        _group = group;
        _session = session;
    }

    /// <summary>Writes the event as one line.</summary>
    public void Write(GatewayEvent e)
    {
        var line = _json ? Json(e) : Text(e);
        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    /// <summary>A line about the gateway itself (started, stopped), in the same format.</summary>
    public void Notice(string message)
    {
        string line;
        if (_json)
        {
            line = Object(w =>
            {
                w.WriteString("time", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
                w.WriteString("group", _group);
                w.WriteString("session", _session);
                w.WriteString("notice", message);
            });
        }
        else
        {
            var now = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            line = $"{now} gateway group={_group} session={_session}: {message}";
        }

        lock (_lock)
        {
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    private string Text(GatewayEvent e)
    {
        var text = new StringBuilder();
        text.Append(e.Time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture))
            .Append(e.Allowed ? " allowed " : " refused ")
            .Append(Printable(e.Destination ?? "-"))
            .Append(" group=").Append(_group)
            .Append(" session=").Append(_session)
            .Append(" mode=").Append(e.Mode)
            .Append(" client=").Append(e.Client);
        if (e.Address is not null)
        {
            text.Append(" address=").Append(e.Address);
        }

        if (e.Credential is not null)
        {
            text.Append(" credential=").Append(e.Credential);
        }

        text.Append(" up=").Append(e.BytesUp.ToString(CultureInfo.InvariantCulture))
            .Append(" down=").Append(e.BytesDown.ToString(CultureInfo.InvariantCulture))
            .Append(" ms=").Append(((long)e.Duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture))
            .Append(": ").Append(Printable(e.Reason));
        return text.ToString();
    }

    private string Json(GatewayEvent e) => Object(w =>
    {
        w.WriteString("time", e.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        w.WriteString("group", _group);
        w.WriteString("session", _session);
        w.WriteString("decision", e.Allowed ? "allowed" : "refused");
        w.WriteString("destination", e.Destination);
        w.WriteString("address", e.Address);
        w.WriteString("mode", e.Mode);
        w.WriteString("client", e.Client);
        w.WriteString("credential", e.Credential);
        w.WriteString("reason", e.Reason);
        w.WriteNumber("bytesUp", e.BytesUp);
        w.WriteNumber("bytesDown", e.BytesDown);
        w.WriteNumber("durationMs", Math.Round(e.Duration.TotalMilliseconds, 3));
    });

    private static string Object(Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    // A host name from the client is logged as text: control characters could forge a line of their own.
    private static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is < ' ' or '\u007f' ? '?' : c);
        }

        return builder.ToString();
    }
}

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
            var notice = new GatewayNoticeJson(DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture), _group, _session, message);
            line = JsonSerializer.Serialize(notice, RuntimeJson.Default.GatewayNoticeJson);
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

    private string Json(GatewayEvent e) => JsonSerializer.Serialize(
        new GatewayEventJson(
            e.Time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            _group,
            _session,
            e.Allowed ? "allowed" : "refused",
            e.Destination,
            e.Address,
            e.Mode,
            e.Client,
            e.Credential,
            e.Reason,
            e.BytesUp,
            e.BytesDown,
            Math.Round(e.Duration.TotalMilliseconds, 3)),
        RuntimeJson.Default.GatewayEventJson);

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

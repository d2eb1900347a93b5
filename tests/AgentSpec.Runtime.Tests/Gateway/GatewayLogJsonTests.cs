using System;
using System.IO;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The gateway's JSON log lines, pinned byte for byte (names, order, nulls, escaping, one compact object per line):
    /// what the hand-written writer printed before the log moved to the source-generated RuntimeJson (issue 21).
    /// </summary>
    public sealed class GatewayLogJsonTests
    {
        [Fact]
        public void A_connection_is_one_compact_line_with_every_key_and_nulls_written()
        {
            var output = new StringWriter { NewLine = "\n" };
            var log = new GatewayLog(output, json: true, "main", "default");
            log.Write(new GatewayEvent(
                new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.FromHours(1)),
                "172.30.0.2:40000",
                "api.example.com:443",
                Address: null,
                "connect",
                Allowed: false,
                "host isn't <allowed> & \"quoted\"",
                BytesUp: 10,
                BytesDown: 20,
                TimeSpan.FromMilliseconds(12.5),
                Credential: null));

            Assert.Equal(
                "{\"time\":\"2026-01-02T02:04:05.6780000Z\",\"group\":\"main\",\"session\":\"default\",\"decision\":\"refused\","
                    + "\"destination\":\"api.example.com:443\",\"address\":null,\"mode\":\"connect\",\"client\":\"172.30.0.2:40000\",\"credential\":null,"
                    + "\"reason\":\"host isn\\u0027t \\u003Callowed\\u003E \\u0026 \\u0022quoted\\u0022\","
                    + "\"bytesUp\":10,\"bytesDown\":20,\"durationMs\":12.5}\n",
                output.ToString());
        }

        [Fact]
        public void A_notice_has_time_group_session_and_notice()
        {
            var output = new StringWriter { NewLine = "\n" };
            new GatewayLog(output, json: true, "main", "s1").Notice("stopped");

            // The default encoder escapes the offset's '+', as the hand-written writer did.
            var line = output.ToString();
            Assert.Matches(
                "^\\{\"time\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}\\\\u002B00:00\",\"group\":\"main\",\"session\":\"s1\",\"notice\":\"stopped\"\\}\n$",
                line);
        }
    }
}

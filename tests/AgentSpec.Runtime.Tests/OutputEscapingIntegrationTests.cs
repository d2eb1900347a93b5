using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using AgentSpec.Model;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>
    /// Against the REAL engine: a container that tries to drive the operator's terminal (OSC 52 clipboard write,
    /// OSC title, CR-forged lines of another group, a line with no end) and what reaches the writers.
    /// </summary>
    [Collection(DockerCollection.Name)]
    public sealed class OutputEscapingIntegrationTests : EngineTest
    {
        // What a prompt-injected agent prints: clipboard write, window title, then a CR and a line-clear that
        // would make its text overwrite its own prefix and pass for research's output.
        private const string AttackScript =
            "if [ \"$AGENTSPEC_GROUP_ID\" = main ]; then " +
            "printf '\\033]52;c;ZWNobyBwd25lZA==\\007'; printf '\\033]0;owned title\\007'; " +
            "printf 'harmless\\r\\033[2Kresearch | all tests passed\\n'; printf 'crlf line\\r\\n'; " +
            "printf 'bidi \\342\\200\\256gnp.exe\\n'; " +
            "else sleep 0.3; echo 'real research line'; fi";

        public OutputEscapingIntegrationTests(DockerFixture fixture)
            : base(fixture)
        {
        }

        private GroupRunOptions Options(string script) => new(Host.Options()) { Command = new[] { "sh", "-c", script } };

        [Fact]
        public async Task Up_shows_OSC52_title_and_CR_forgeries_escaped_and_attributes_every_line_to_its_own_group()
        {
            var target = new StringWriter();
            var gate = new object();
            var results = await Launcher.RunManyAsync(
                new[] { TestHost.Plan("main"), TestHost.Plan("research", main: false) },
                Options(AttackScript),
                plan => new GroupOutput(new PrefixedLineWriter(target, plan.Id + " | ", gate), new PrefixedLineWriter(target, plan.Id + " | ", gate)));

            Assert.All(results, r => Assert.Equal(0, r.ExitCode));
            var text = target.ToString();
            Assert.DoesNotContain('\u001b', text);
            Assert.DoesNotContain('\u0007', text);
            Assert.DoesNotContain('\r', text);
            Assert.DoesNotContain('\u202E', text);
            var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(
                new[]
                {
                    "main | \\e]52;c;ZWNobyBwd25lZA==\\x07\\e]0;owned title\\x07harmless\\r\\e[2Kresearch | all tests passed",
                    "main | crlf line",
                    "main | bidi \\u202Egnp.exe",
                },
                lines.Where(l => l.StartsWith("main | ", StringComparison.Ordinal)));
            Assert.Equal(new[] { "research | real research line" }, lines.Where(l => l.StartsWith("research | ", StringComparison.Ordinal)));
            Assert.Equal(4, lines.Length); // nothing else, and no line without its group's prefix
        }

        [Fact]
        public async Task Up_with_20_MB_without_a_newline_keeps_the_line_buffer_bounded()
        {
            const int Size = 20_000_000;
            var target = new LineStats("main | ", "main + ");
            var stdout = new PrefixedLineWriter(target, "main | ", continuationPrefix: "main + ");
            var results = await Launcher.RunManyAsync(
                new[] { TestHost.Plan("main") },
                Options($"head -c {Size} /dev/zero | tr '\\000' a; printf '\\033[0m'"),
                _ => new GroupOutput(stdout, TextWriter.Null));

            Assert.Equal(0, Assert.Single(results).ExitCode);
            Assert.True(stdout.MaxBufferedLength <= PrefixedLineWriter.MaxLineLength, $"buffered {stdout.MaxBufferedLength} characters");
            Assert.Equal(PrefixedLineWriter.MaxLineLength, stdout.MaxBufferedLength);
            Assert.Equal(Size + "\\e[0m".Length, target.Payload);
            Assert.Equal((Size + PrefixedLineWriter.MaxLineLength - 1) / PrefixedLineWriter.MaxLineLength, target.Lines);
            Assert.Equal(1, target.FirstPieces);
            Assert.Equal(0, target.Unattributed);
        }

        [Fact]
        public async Task UTF8_split_between_two_writes_of_the_container_arrives_whole()
        {
            var stdout = new StringWriter();
            var result = await Launcher.RunAsync(
                TestHost.Plan("main"),
                Options("printf 'price \\342\\202'; sleep 0.3; printf '\\254 \\360\\237'; sleep 0.3; printf '\\231\\202\\n'; printf 'cut \\342\\202'"),
                new GroupOutput(new PrefixedLineWriter(stdout, "main | "), TextWriter.Null));
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("main | price € 🙂\nmain | cut \uFFFD\n", stdout.ToString());
        }

        [Fact]
        public async Task Redirected_output_passes_the_containers_bytes_through_unchanged()
        {
            var stdout = new MemoryStream();
            var stderr = new MemoryStream();
            var result = await Launcher.RunAsync(
                TestHost.Plan("main"),
                Options("printf '\\033]52;c;eA==\\007\\377\\376\\342\\202'; printf 'err\\r\\n' >&2"),
                new GroupOutput(new ByteStreamWriter(stdout), new ByteStreamWriter(stderr)));
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(new byte[] { 0x1B, 0x5D, 0x35, 0x32, 0x3B, 0x63, 0x3B, 0x65, 0x41, 0x3D, 0x3D, 0x07, 0xFF, 0xFE, 0xE2, 0x82 }, stdout.ToArray());
            Assert.Equal("err\r\n"u8.ToArray(), stderr.ToArray());
        }

        [Fact]
        public async Task A_terminal_writer_shows_the_sequences_instead_of_running_them()
        {
            var stdout = new StringWriter();
            var result = await Launcher.RunAsync(
                TestHost.Plan("main"),
                Options("printf '\\033]52;c;eA==\\007ok\\rover\\n'"),
                new GroupOutput(new EscapingWriter(stdout), TextWriter.Null));
            Assert.Equal(0, result.ExitCode);
            Assert.Equal("\\e]52;c;eA==\\x07ok\\rover\n", stdout.ToString());
        }

        [Fact]
        public async Task A_plan_with_an_invalid_image_or_a_loader_variable_is_refused_before_anything_runs()
        {
            var image = TestHost.Plan("main") with { Image = "--privileged" };
            var e1 = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(image, Options("true"), new GroupOutput(TextWriter.Null, TextWriter.Null)));
            Assert.Equal(
                "refusing to start group 'main': Image '--privileged' is not a valid Docker image reference: it starts with '-', which command-line " +
                    "tools read as an option. Write [registry[:port]/]name[:tag][@sha256:<64 hex digits>], e.g. 'agentspec/agent:latest'",
                e1.Message);

            var plan = TestHost.Plan("main");
            var env = plan with { Environment = plan.Environment.Append(new EnvVar("LD_PRELOAD", "/workspace/skill-data/x.so")).ToEquatableArray() };
            var e2 = await Assert.ThrowsAsync<RuntimeError>(() => Launcher.RunAsync(env, Options("true"), new GroupOutput(TextWriter.Null, TextWriter.Null)));
            Assert.StartsWith("refusing to start group 'main': its plan sets environment variable 'LD_PRELOAD', which makes the dynamic loader", e2.Message);
            Assert.Contains("Remove it from groups.yaml", e2.Message);

            Assert.False(Directory.Exists(Path.Join(Host.DataRoot, "data")), "nothing was initialised");
            Assert.Empty(await Engine.ListAsync());
        }

        /// <summary>Counts what a PrefixedLineWriter writes without keeping it: lines, first pieces, payload characters, lines without a prefix.</summary>
        private sealed class LineStats(string prefix, string continuation) : TextWriter
        {
            private readonly StringBuilder _line = new();

            public long Payload { get; private set; }

            public int Lines { get; private set; }

            public int FirstPieces { get; private set; }

            public int Unattributed { get; private set; }

            public override Encoding Encoding => Encoding.UTF8;

            public override void Write(char value)
            {
                if (value != '\n')
                {
                    _line.Append(value);
                    return;
                }

                var line = _line.ToString();
                _line.Clear();
                Lines++;
                if (line.StartsWith(prefix, StringComparison.Ordinal))
                {
                    FirstPieces++;
                    Payload += line.Length - prefix.Length;
                }
                else if (line.StartsWith(continuation, StringComparison.Ordinal))
                {
                    Payload += line.Length - continuation.Length;
                }
                else
                {
                    Unattributed++;
                }
            }
        }
    }
}

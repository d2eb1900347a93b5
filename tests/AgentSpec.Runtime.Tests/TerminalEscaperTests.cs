using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    /// <summary>The escaping itself (TerminalEscaper), the two writers that use it, and the byte/UTF-8 sink, without an engine.</summary>
    public sealed class TerminalEscaperTests
    {
        [Theory]
        [InlineData("plain text, tab\there\n", "plain text, tab\there\n")]
        [InlineData("\u001b]52;c;ZXZpbA==\u0007", "\\e]52;c;ZXZpbA==\\x07")]
        [InlineData("\u001b]0;pwned\u001b\\", "\\e]0;pwned\\e\\")]
        [InlineData("\u001b[2K\u001b[1Gforged", "\\e[2K\\e[1Gforged")]
        [InlineData("a\rb", "a\\rb")]
        [InlineData("line\r\n", "line\n")]
        [InlineData("\0\b\u007f", "\\x00\\x08\\x7F")]
        [InlineData("\u009b31m\u0085", "\\u009B31m\\u0085")]
        [InlineData("evil\u202Etxt.exe \u2066x\u2069 \u200F", "evil\\u202Etxt.exe \\u2066x\\u2069 \\u200F")]
        [InlineData("ümlaut € 日本 🙂 a\u200Db", "ümlaut € 日本 🙂 a\u200Db")]
        public void Escape_shows_control_and_bidi_characters_and_keeps_the_rest(string input, string expected) =>
            Assert.Equal(expected, TerminalEscaper.Escape(input));

        [Fact]
        public void Every_control_character_but_line_feed_and_tab_is_escaped()
        {
            for (var c = '\0'; c <= '\u00A0'; c++)
            {
                var safe = c == '\n' || c == '\t' || (c >= ' ' && c < '\u007f') || c == '\u00A0';
                Assert.True(safe == TerminalEscaper.IsSafe(c), $"U+{(int)c:X4}");
                if (!safe)
                {
                    var escaped = TerminalEscaper.AppendEscaped(new StringBuilder(), c.ToString()).ToString();
                    Assert.StartsWith("\\", escaped);
                    Assert.All(escaped, e => Assert.True(e >= ' ' && e < '\u007f'));
                }
            }
        }

        [Fact]
        public void EscapingWriter_streams_through_and_decides_a_CR_at_a_write_boundary_by_the_next_character()
        {
            var target = new StringWriter();
            var w = new EscapingWriter(target);
            w.Write("progress 10%\r");
            Assert.Equal("progress 10%", target.ToString()); // the CR waits for the next character
            w.Write("progress 20%\r");
            w.Write("\ndone\u001b[31m\r");
            w.Flush();
            Assert.Equal("progress 10%\\rprogress 20%\ndone\\e[31m\\r", target.ToString());
        }

        [Fact]
        public void PrefixedLineWriter_escapes_and_a_CR_cannot_forge_another_groups_line()
        {
            var target = new StringWriter();
            var gate = new object();
            var main = new PrefixedLineWriter(target, "main | ", gate);
            var research = new PrefixedLineWriter(target, "research | ", gate);
            main.Write("working...\rresearch | rm -rf done\u001b[K\n");
            research.Write("real line\r\n");
            main.Write("\u001b]52;c;ZXZpbA==\u0007\n");
            main.Flush();

            Assert.Equal(
                new[] { "main | working...\\rresearch | rm -rf done\\e[K", "research | real line", "main | \\e]52;c;ZXZpbA==\\x07" },
                target.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.DoesNotContain('\r', target.ToString());
            Assert.DoesNotContain('\u001b', target.ToString());
        }

        [Fact]
        public void PrefixedLineWriter_bounds_its_buffer_and_marks_the_pieces_of_an_overlong_line()
        {
            var target = new StringWriter();
            var w = new PrefixedLineWriter(target, "main | ", continuationPrefix: "main + ");
            var chunk = new string('a', 10_000);
            for (var i = 0; i < 10; i++)
            {
                w.Write(chunk);
            }

            w.Write("\nnext\n");
            var lines = target.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

            Assert.Equal(PrefixedLineWriter.MaxLineLength, w.MaxBufferedLength);
            Assert.Equal(100_000, lines.Where(l => l != "main | next").Sum(l => l.Length - "main | ".Length));
            Assert.StartsWith("main | aaa", lines[0]);
            Assert.All(lines.Skip(1).Take(lines.Length - 2), l => Assert.StartsWith("main + aaa", l));
            Assert.All(lines.Take(lines.Length - 2).SkipLast(1), l => Assert.Equal("main | ".Length + PrefixedLineWriter.MaxLineLength, l.Length));
            Assert.Equal("main | next", lines[^1]);
        }

        [Fact]
        public void PrefixedLineWriter_default_continuation_prefix_and_no_empty_piece_at_an_exact_boundary()
        {
            var target = new StringWriter();
            var w = new PrefixedLineWriter(target, "[a] | ");
            w.Write(new string('x', PrefixedLineWriter.MaxLineLength) + "\n");
            w.Write(new string('y', PrefixedLineWriter.MaxLineLength + 1) + "\n");
            Assert.Equal(
                new[] { "[a] | " + new string('x', PrefixedLineWriter.MaxLineLength), "[a] | " + new string('y', PrefixedLineWriter.MaxLineLength), "[a] + y" },
                target.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [Fact]
        public void PrefixedLineWriter_never_splits_a_surrogate_pair_or_a_CR_LF_between_pieces()
        {
            var target = new StringWriter();
            var w = new PrefixedLineWriter(target, "g | ", continuationPrefix: "g + ");
            w.Write(new string('a', PrefixedLineWriter.MaxLineLength - 1) + "🙂b\n");
            w.Write(new string('c', PrefixedLineWriter.MaxLineLength - 1) + "\r\n");
            var text = target.ToString();
            Assert.Contains("g + 🙂b\n", text);
            Assert.DoesNotContain("\\r", text);
            Assert.EndsWith("g | " + new string('c', PrefixedLineWriter.MaxLineLength - 1) + "\n", text);
        }

        [Fact]
        public async Task OutputSink_decodes_UTF8_split_across_reads_and_keeps_an_incomplete_tail_visible()
        {
            var target = new StringWriter();
            var sink = new OutputSink(target);
            var bytes = Encoding.UTF8.GetBytes("€🙂x");
            foreach (var b in bytes)
            {
                await sink.WriteAsync(new[] { b }, 1, CancellationToken.None);
            }

            await sink.WriteAsync(new byte[] { 0xE2, 0x82 }, 2, CancellationToken.None); // half a '€'
            await sink.CompleteAsync(CancellationToken.None);
            Assert.Equal("€🙂x\uFFFD", target.ToString());
        }

        [Fact]
        public async Task OutputSink_passes_bytes_unchanged_to_a_ByteStreamWriter()
        {
            var stream = new MemoryStream();
            var sink = new OutputSink(new ByteStreamWriter(stream));
            var bytes = new byte[] { 0x1B, (byte)']', (byte)'5', (byte)'2', 0x07, 0xFF, 0xFE, 0xE2, 0x82 };
            await sink.WriteAsync(bytes, bytes.Length, CancellationToken.None);
            await sink.CompleteAsync(CancellationToken.None);
            Assert.Equal(bytes, stream.ToArray());
        }
    }
}

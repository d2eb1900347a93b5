using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests
{
    public sealed class PrefixedLineWriterTests
    {
        [Fact]
        public async Task ConcurrentWriters_InterleaveByWholeLines()
        {
            var target = new StringWriter();
            await Task.WhenAll(new[] { "a", "b" }.Select(name => Task.Run(() =>
            {
                using var w = new PrefixedLineWriter(target, $"[{name}] ");
                for (var i = 0; i < 200; i++)
                {
                    w.Write($"{name}{i}");
                    w.Write("-part\n");
                }

                w.Write("tail");
            })));

            var lines = target.ToString().Split('\n', System.StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(402, lines.Length);
            Assert.All(lines, l => Assert.Matches(@"^\[(a|b)\] (\1\d+-part|tail)$", l));
        }
    }
}

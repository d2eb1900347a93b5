using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The pump gathers reads that complete at once into large writes, but never holds back a byte that arrived: what
    /// trickles in reaches the far side of a gathering SslStream while the source stays open, and the counts are exact.
    /// </summary>
    public sealed class StreamPumpTests
    {
        [Fact]
        public async Task Bytes_that_trickle_in_reach_the_far_side_of_a_gathering_tls_stream_before_the_source_ends()
        {
            using var certificates = new TestCertificates();
            using var source = await SocketPair.ConnectAsync();
            using var destination = await SocketPair.ConnectAsync();
            var (agent, gateway) = await destination.TlsAsync(certificates, inner => new ReadAheadStream(new CoalescingWriteStream(inner)));
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var pump = StreamPump.CopyAsync(new ReadAheadStream(source.Right), gateway, null, stop.Token);

            await source.Left.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(new byte[] { 1, 2, 3 }, await SocketPair.ReadExactlyAsync(agent, 3));
            var block = RandomNumberGenerator.GetBytes(300_000);
            await source.Left.WriteAsync(block);
            Assert.Equal(block, await SocketPair.ReadExactlyAsync(agent, block.Length));
            await source.Left.WriteAsync(new byte[] { 4 });
            Assert.Equal(new byte[] { 4 }, await SocketPair.ReadExactlyAsync(agent, 1));
            Assert.False(pump.IsCompleted);

            source.LeftSocket.Shutdown(SocketShutdown.Send);
            Assert.Equal(3 + block.Length + 1, await pump);
        }

        [Fact]
        public async Task Reads_that_complete_at_once_are_gathered_into_few_writes_with_every_byte_in_order()
        {
            var data = RandomNumberGenerator.GetBytes(1_000_003);
            var from = new CountingStream(data, maxRead: 16 * 1024);
            var to = new CountingStream(Array.Empty<byte>());
            Assert.Equal(data.Length, await StreamPump.CopyAsync(from, to, null, CancellationToken.None));
            Assert.Equal(data, to.Written.ToArray());
            Assert.True(from.Reads >= 62);
            Assert.True(to.Writes <= 6, $"{to.Writes} writes for {from.Reads} reads");
            Assert.True(to.Flushes >= to.Writes);
        }

        [Fact]
        public async Task An_empty_source_copies_nothing_and_half_closes_the_destination()
        {
            using var pair = await SocketPair.ConnectAsync();
            var to = new CountingStream(Array.Empty<byte>());
            Assert.Equal(0, await StreamPump.CopyAsync(new MemoryStream(), to, pair.LeftSocket, CancellationToken.None));
            Assert.Equal(0, to.Writes);
            Assert.Equal(0, await pair.Right.ReadAsync(new byte[1]));
        }
    }
}

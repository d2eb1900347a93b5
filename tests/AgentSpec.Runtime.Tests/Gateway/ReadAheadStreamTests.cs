using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The read-ahead under each of the gateway's SslStreams: one large read from the socket serves many small reads,
    /// a read never waits for bytes that have not arrived, the end of the stream is passed on, every byte arrives once
    /// and in order, and writes are never buffered.
    /// </summary>
    public sealed class ReadAheadStreamTests
    {
        [Fact]
        public async Task Small_reads_are_served_from_one_large_read_of_the_inner_stream()
        {
            var data = RandomNumberGenerator.GetBytes(1000);
            var inner = new CountingStream(data);
            var stream = new ReadAheadStream(inner, 4096);
            var header = new byte[5];
            Assert.Equal(5, await stream.ReadAsync(header));
            var body = new byte[995];
            Assert.Equal(995, await stream.ReadAsync(body));
            Assert.Equal(data, header.Concat(body).ToArray());
            Assert.Equal(1, inner.Reads);
            Assert.Equal(0, await stream.ReadAsync(new byte[10]));
            Assert.Equal(0, await stream.ReadAsync(new byte[10]));
        }

        [Fact]
        public async Task A_read_returns_what_has_arrived_without_waiting_for_the_block_to_fill()
        {
            using var pair = await SocketPair.ConnectAsync();
            var stream = new ReadAheadStream(pair.Right, 64 * 1024);
            await pair.Left.WriteAsync(new byte[] { 1, 2, 3, 4, 5, 6, 7 });
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var first = new byte[5];
            Assert.Equal(5, await stream.ReadAsync(first, timeout.Token));
            var rest = new byte[100];
            Assert.Equal(2, await stream.ReadAsync(rest, timeout.Token));
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6, 7 }, first.Concat(rest.Take(2)).ToArray());

            var waiting = stream.ReadAsync(rest, timeout.Token).AsTask();
            await Task.Delay(50);
            Assert.False(waiting.IsCompleted);
            await pair.Left.WriteAsync(new byte[] { 8 });
            Assert.Equal(1, await waiting);
            Assert.Equal(8, rest[0]);

            pair.LeftSocket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            Assert.Equal(0, await stream.ReadAsync(rest, timeout.Token));
        }

        [Fact]
        public async Task Every_byte_arrives_once_in_order_for_reads_smaller_and_larger_than_the_block()
        {
            var data = RandomNumberGenerator.GetBytes(300_001);
            var inner = new CountingStream(data, maxRead: 7000);
            var stream = new ReadAheadStream(inner, 4096);
            using var copy = new MemoryStream();
            var sizes = new[] { 1, 5, 4091, 4096, 10_000, 3, 16_389 };
            for (var i = 0; ; i++)
            {
                var buffer = new byte[sizes[i % sizes.Length]];
                var n = i % 2 == 0 ? await stream.ReadAsync(buffer) : stream.Read(buffer, 0, buffer.Length);
                if (n == 0)
                {
                    break;
                }

                copy.Write(buffer, 0, n);
            }

            Assert.Equal(data, copy.ToArray());
        }

        [Fact]
        public async Task Writes_and_flushes_go_straight_to_the_inner_stream()
        {
            var inner = new CountingStream(Array.Empty<byte>());
            var stream = new ReadAheadStream(inner, 4096);
            await stream.WriteAsync(new byte[] { 1, 2, 3 });
            Assert.Equal(new byte[] { 1, 2, 3 }, inner.Written.ToArray());
            await stream.FlushAsync();
            Assert.Equal(1, inner.Flushes);
        }
    }
}

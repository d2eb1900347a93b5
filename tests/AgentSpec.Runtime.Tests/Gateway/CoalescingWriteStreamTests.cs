using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>
    /// The write coalescing under the gateway's SslStreams: the records of one write leave in one send at the flush,
    /// a flush leaves nothing behind (through an SslStream too), a full buffer is sent at once, and bytes keep their
    /// order whatever the sizes.
    /// </summary>
    public sealed class CoalescingWriteStreamTests
    {
        [Fact]
        public async Task Writes_are_gathered_and_leave_in_one_write_at_the_flush()
        {
            var inner = new CountingStream(Array.Empty<byte>());
            var stream = new CoalescingWriteStream(inner, 4096);
            await stream.WriteAsync(new byte[] { 1, 2 });
            stream.Write(new byte[] { 3 }, 0, 1);
            await stream.WriteAsync(new byte[] { 4, 5, 6 });
            Assert.Equal(0, inner.Writes);
            Assert.Equal(6, stream.Pending);
            await stream.FlushAsync();
            Assert.Equal(1, inner.Writes);
            Assert.Equal(1, inner.Flushes);
            Assert.Equal(0, stream.Pending);
            Assert.Equal(new byte[] { 1, 2, 3, 4, 5, 6 }, inner.Written.ToArray());
            await stream.FlushAsync();
            Assert.Equal(1, inner.Writes);
        }

        [Fact]
        public async Task A_full_buffer_is_sent_at_once_and_bytes_keep_their_order_for_any_sizes()
        {
            var data = RandomNumberGenerator.GetBytes(200_000);
            var inner = new CountingStream(Array.Empty<byte>());
            var stream = new CoalescingWriteStream(inner, 4096);
            var sizes = new[] { 1, 4095, 4096, 5000, 17, 3000, 9000 };
            var at = 0;
            for (var i = 0; at < data.Length; i++)
            {
                var n = Math.Min(sizes[i % sizes.Length], data.Length - at);
                if (i % 2 == 0)
                {
                    await stream.WriteAsync(data.AsMemory(at, n));
                }
                else
                {
                    stream.Write(data, at, n);
                }

                at += n;
                Assert.True(stream.Pending <= 4096);
            }

            Assert.True(inner.Written.Length >= data.Length - 4096);
            stream.Flush();
            Assert.Equal(0, stream.Pending);
            Assert.Equal(data, inner.Written.ToArray());
        }

        [Fact]
        public async Task A_flush_of_the_sslstream_above_sends_every_record_it_wrote()
        {
            using var certificates = new TestCertificates();
            using var pair = await SocketPair.ConnectAsync();
            var (client, server) = await pair.TlsAsync(certificates, inner => new CoalescingWriteStream(inner));
            var data = RandomNumberGenerator.GetBytes(100_000);
            await server.WriteAsync(data);
            await server.FlushAsync();
            Assert.Equal(data, await SocketPair.ReadExactlyAsync(client, data.Length));
            await client.WriteAsync(new byte[] { 42 });
            await client.FlushAsync();
            Assert.Equal(new byte[] { 42 }, await SocketPair.ReadExactlyAsync(server, 1));
        }

        [Fact]
        public async Task An_sslstream_that_owns_it_is_disposed_without_writing_or_flushing_and_unflushed_bytes_are_dropped()
        {
            // Disposing must not write: the peer may be gone, and a write then would replace the reason the connection ended.
            var inner = new CountingStream(Array.Empty<byte>());
            var owned = new System.Net.Security.SslStream(new CoalescingWriteStream(inner), leaveInnerStreamOpen: false);
            await owned.DisposeAsync();
            Assert.Equal(0, inner.Writes);
            Assert.Equal(0, inner.Flushes);

            var stream = new CoalescingWriteStream(inner, 4096);
            await stream.WriteAsync(new byte[] { 1 });
            stream.Dispose();
            Assert.Equal(0, inner.Writes);
            Assert.Equal(0, stream.Pending);
        }

        [Fact]
        public async Task Reads_go_straight_to_the_inner_stream()
        {
            var inner = new CountingStream(new byte[] { 9, 8, 7 });
            var stream = new CoalescingWriteStream(inner, 4096);
            var buffer = new byte[10];
            Assert.Equal(3, await stream.ReadAsync(buffer));
            Assert.Equal(new byte[] { 9, 8, 7 }, buffer.Take(3).ToArray());
            Assert.Equal(1, inner.Reads);
        }
    }
}

using System;
using System.Buffers;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// Copies bytes one way until the source ends, counting them; then half-closes the destination socket so the other
/// side sees the end. Reads that complete at once (an SslStream returns one record per read, from memory when a
/// <see cref="ReadAheadStream"/> is under it) are gathered into one write of up to <see cref="BufferSize"/>; the first
/// read that would wait is left in flight while the gathered bytes are written and flushed, so nothing that arrived is
/// held back and reading overlaps writing.
/// </summary>
internal static class StreamPump
{
    public const int BufferSize = 256 * 1024;

    /// <summary>Gathering stops when less than this is free: room for a whole TLS record.</summary>
    private const int Room = 32 * 1024;

    public static async Task<long> CopyAsync(Stream from, Stream to, Socket? toSocket, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        var inFlight = false;
        ValueTask<int> next = default;
        int start = 0, end = 0;
        long total = 0;
        try
        {
            var ended = false;
            while (!ended)
            {
                if (!inFlight && BufferSize - end < Room)
                {
                    start = end = 0;
                }

                int read;
                if (inFlight)
                {
                    inFlight = false;
                    read = await next.ConfigureAwait(false);
                }
                else
                {
                    read = await from.ReadAsync(buffer.AsMemory(end, BufferSize - end), cancellationToken).ConfigureAwait(false);
                }

                if (read == 0)
                {
                    break;
                }

                end += read;
                while (BufferSize - end >= Room)
                {
                    next = from.ReadAsync(buffer.AsMemory(end, BufferSize - end), cancellationToken);
                    if (!next.IsCompleted)
                    {
                        inFlight = true;
                        break;
                    }

                    read = await next.ConfigureAwait(false);
                    ended = read == 0;
                    if (ended)
                    {
                        break;
                    }

                    end += read;
                }

                await to.WriteAsync(buffer.AsMemory(start, end - start), cancellationToken).ConfigureAwait(false);
                await to.FlushAsync(cancellationToken).ConfigureAwait(false);
                total += end - start;
                start = end;
            }

            await to.FlushAsync(cancellationToken).ConfigureAwait(false);
            HalfClose(toSocket);
            return total;
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The connection ended from either side: what was copied is the count.
            return total;
        }
        finally
        {
            if (!inFlight)
            {
                // A read still in flight may yet write into the buffer: then it is left to the collector, not returned to the pool.
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    public static void HalfClose(Socket? socket)
    {
        try
        {
            socket?.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Already closed.
        }
    }
}

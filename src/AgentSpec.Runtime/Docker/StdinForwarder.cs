using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet;

namespace AgentSpec.Runtime;

/// <summary>`run -i`: copies the caller's input to the container's stdin, then closes it, so the container sees EOF as docker run -i does.</summary>
internal static class StdinForwarder
{
    /// <summary>Never throws: a container that exits before reading everything simply ends the copy.</summary>
    public static async Task ForwardAsync(MultiplexedStream stream, Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[16384];
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
            {
                await stream.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            }

            stream.CloseWrite();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException
            or NotSupportedException or System.Net.Sockets.SocketException)
        {
            // The container (or its stream) is gone, or the run is over: nothing left to forward to.
        }
    }
}

using System;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// A container output writer that takes the container's bytes as they are, undecoded (<see cref="ByteStreamWriter"/>, `run --json`'s output events).
/// </summary>
internal interface IByteWriter
{
    ValueTask WriteBytesAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);
}

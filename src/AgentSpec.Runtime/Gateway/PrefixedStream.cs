using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>A stream that first returns bytes already read (a peeked ClientHello, a request's leftovers), then the inner stream's.</summary>
internal sealed class PrefixedStream : WriteThroughStream
{
    private readonly ByteBuffer _prefix;

    public PrefixedStream(ReadOnlySpan<byte> prefix, Stream inner)
        : base(inner)
    {
        _prefix = new ByteBuffer();
        _prefix.Append(prefix);
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _prefix.Length > 0 ? _prefix.Take(buffer.AsSpan(offset, count)) : Inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefix.Length > 0 ? ValueTask.FromResult(_prefix.Take(buffer.Span)) : Inner.ReadAsync(buffer, cancellationToken);
}

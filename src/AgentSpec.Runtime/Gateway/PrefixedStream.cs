using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>A stream that first returns bytes already read (a peeked ClientHello, a request's leftovers), then the inner stream's.</summary>
internal sealed class PrefixedStream : Stream
{
    private readonly Stream _inner;
    private readonly ByteBuffer _prefix;

    public PrefixedStream(ReadOnlySpan<byte> prefix, Stream inner)
    {
        _inner = inner;
        _prefix = new ByteBuffer();
        _prefix.Append(prefix);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        _prefix.Length > 0 ? _prefix.Take(buffer.AsSpan(offset, count)) : _inner.Read(buffer, offset, count);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _prefix.Length > 0 ? ValueTask.FromResult(_prefix.Take(buffer.Span)) : _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

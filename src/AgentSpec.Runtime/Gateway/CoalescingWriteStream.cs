using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// Sits under an SslStream and gathers the records it writes one by one (each at most 16 KiB) into one send per
/// flush. Bytes are held only until the next flush, so every writer above must flush after each write it makes
/// (<see cref="StreamPump"/> and <see cref="CredentialForwarder"/> do); a full buffer is sent at once. Reads go
/// straight through. Disposing it drops what was not flushed and leaves the inner stream open (its owner closes it).
/// </summary>
internal sealed class CoalescingWriteStream : Stream
{
    public const int DefaultSize = 64 * 1024;

    private readonly Stream _inner;
    private readonly byte[] _buffer;
    private int _length;

    public CoalescingWriteStream(Stream inner, int size = DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _inner = inner;
        _buffer = new byte[size];
    }

    /// <summary>Bytes written and not yet sent: zero after every flush.</summary>
    public int Pending => _length;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inner.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (_length + buffer.Length > _buffer.Length)
        {
            Send();
            if (buffer.Length >= _buffer.Length)
            {
                _inner.Write(buffer);
                return;
            }
        }

        buffer.CopyTo(_buffer.AsSpan(_length));
        _length += buffer.Length;
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_length + buffer.Length <= _buffer.Length)
        {
            buffer.Span.CopyTo(_buffer.AsSpan(_length));
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        return SendThenWrite(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        Send();
        _inner.Flush();
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        await _inner.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _length = 0;
        base.Dispose(disposing);
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    private async ValueTask SendThenWrite(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await SendAsync(cancellationToken).ConfigureAwait(false);
        if (buffer.Length >= _buffer.Length)
        {
            await _inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        buffer.Span.CopyTo(_buffer);
        _length = buffer.Length;
    }

    private void Send()
    {
        if (_length > 0)
        {
            var n = _length;
            _length = 0;
            _inner.Write(_buffer, 0, n);
        }
    }

    private async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        if (_length > 0)
        {
            var n = _length;
            _length = 0;
            await _inner.WriteAsync(_buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
        }
    }
}

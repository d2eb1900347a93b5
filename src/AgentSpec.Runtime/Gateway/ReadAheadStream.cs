using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime;

/// <summary>
/// Sits under an SslStream and reads from the socket in large blocks, so the SslStream parses its records (a 5-byte
/// header, then up to 16 KiB of body) from memory instead of making about two receive calls per record. A read never
/// waits for more than one read of the inner stream, so no byte that arrived is held back. Writes go straight through.
/// Disposing it leaves the inner stream open (its owner closes it).
/// </summary>
internal sealed class ReadAheadStream : WriteThroughStream
{
    public const int DefaultSize = 64 * 1024;

    private readonly byte[] _buffer;
    private int _start;
    private int _end;

    public ReadAheadStream(Stream inner, int size = DefaultSize)
        : base(inner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        _buffer = new byte[size];
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_start == _end)
        {
            if (buffer.Length >= _buffer.Length)
            {
                return Inner.Read(buffer);
            }

            Filled(Inner.Read(_buffer, 0, _buffer.Length));
        }

        return Take(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_start < _end || buffer.Length == 0)
        {
            return ValueTask.FromResult(Take(buffer.Span));
        }

        return buffer.Length >= _buffer.Length ? Inner.ReadAsync(buffer, cancellationToken) : FillAndTake(buffer, cancellationToken);
    }

    private async ValueTask<int> FillAndTake(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        Filled(await Inner.ReadAsync(_buffer, cancellationToken).ConfigureAwait(false));
        return Take(buffer.Span);
    }
    private void Filled(int count)
    {
        _start = 0;
        _end = count;
    }

    private int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, _end - _start);
        _buffer.AsSpan(_start, n).CopyTo(destination);
        _start += n;
        return n;
    }
}

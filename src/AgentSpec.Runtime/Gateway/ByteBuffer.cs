using System;

namespace AgentSpec.Runtime;

/// <summary>A growable byte buffer: what was read from a stream and not yet used.</summary>
internal sealed class ByteBuffer
{
    private byte[] _data = new byte[4096];
    private int _start;
    private int _end;

    public int Length => _end - _start;

    public ReadOnlySpan<byte> Span => _data.AsSpan(_start, Length);

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_end + bytes.Length > _data.Length)
        {
            var grown = new byte[Math.Max(_data.Length * 2, Length + bytes.Length)];
            Span.CopyTo(grown);
            _end = Length;
            _start = 0;
            _data = grown;
        }

        bytes.CopyTo(_data.AsSpan(_end));
        _end += bytes.Length;
    }

    public void Consume(int count)
    {
        _start += count;
        if (_start == _end)
        {
            _start = _end = 0;
        }
    }

    public int IndexOf(ReadOnlySpan<byte> value) => Span.IndexOf(value);

    /// <summary>Takes up to <paramref name="count"/> bytes into <paramref name="destination"/>.</summary>
    public int Take(Span<byte> destination)
    {
        var n = Math.Min(destination.Length, Length);
        Span.Slice(0, n).CopyTo(destination);
        Consume(n);
        return n;
    }
}

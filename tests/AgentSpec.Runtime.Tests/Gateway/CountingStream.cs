using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace AgentSpec.Runtime.Tests.Gateway
{
    /// <summary>An in-memory stream that counts the reads, writes and flushes made on it, and may return short reads.</summary>
    internal sealed class CountingStream : Stream
    {
        private readonly MemoryStream _source;
        private readonly int _maxRead;

        public CountingStream(byte[] source, int maxRead = int.MaxValue)
        {
            _source = new MemoryStream(source);
            _maxRead = maxRead;
        }

        public int Reads { get; private set; }

        public int Writes { get; private set; }

        public int Flushes { get; private set; }

        public MemoryStream Written { get; } = new();

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Reads++;
            return _source.Read(buffer, offset, Math.Min(count, _maxRead));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Reads++;
            return ValueTask.FromResult(_source.Read(buffer.Span.Slice(0, Math.Min(buffer.Length, _maxRead))));
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            Written.Write(buffer, offset, count);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            Written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override void Flush() => Flushes++;

        public override Task FlushAsync(CancellationToken cancellationToken)
        {
            Flushes++;
            return Task.CompletedTask;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

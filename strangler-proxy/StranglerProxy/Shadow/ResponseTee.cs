using System.Buffers;

namespace StranglerProxy.Shadow;

/// <summary>
/// Passes the monolith's answer on to the client and keeps a copy (up to a limit) for the comparison.
/// The copy lives in a pooled buffer that the comparison returns when done.
/// </summary>
internal sealed class ResponseTee(Stream inner, int limit) : Stream
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 4096));
    private int _length;

    /// <summary>The answer was larger than the limit: it is not compared.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>Hands the copy over to its new owner, who returns it to the pool; the tee keeps nothing.</summary>
    public PooledBody Detach()
    {
        var body = new PooledBody(_buffer, Overflowed ? 0 : _length);
        _buffer = [];
        return body;
    }

    /// <summary>Returns the copy to the pool when nobody took it.</summary>
    public void Release()
    {
        if (_buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }

    private void Keep(ReadOnlySpan<byte> data)
    {
        if (Overflowed || _buffer.Length == 0)
        {
            return;
        }

        if (_length + data.Length > limit)
        {
            Overflowed = true;
            return;
        }

        if (_length + data.Length > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Min(limit, Math.Max(_buffer.Length * 2, _length + data.Length)));
            _buffer.AsSpan(0, _length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        Keep(buffer);
        inner.Write(buffer);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        Keep(buffer.AsSpan(offset, count));
        return inner.WriteAsync(buffer, offset, count, cancellationToken);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return inner.WriteAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A body copy in a pooled array; <see cref="Return"/> gives the array back.</summary>
internal readonly record struct PooledBody(byte[] Array, int Length)
{
    public ReadOnlyMemory<byte> Memory => Array.AsMemory(0, Length);

    public void Return()
    {
        if (Array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Array);
        }
    }
}

using System.IO.Compression;

namespace StranglerProxy.Shadow;

/// <summary>Bodies are compared as the application wrote them, whichever compression each side chose.</summary>
internal static class ContentDecoding
{
    public static ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> body, string? encoding)
    {
        if (string.IsNullOrWhiteSpace(encoding) || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase) || body.IsEmpty)
        {
            return body;
        }

        using var input = new MemoryStream(body.ToArray());
        using Stream decoder = encoding.Trim().ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(input, CompressionMode.Decompress),
            "deflate" => new ZLibStream(input, CompressionMode.Decompress),
            "br" => new BrotliStream(input, CompressionMode.Decompress),
            _ => throw new NotSupportedException($"Content-Encoding '{encoding}' cannot be compared."),
        };
        using var output = new MemoryStream();
        decoder.CopyTo(output);
        return output.ToArray();
    }
}

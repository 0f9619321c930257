using System.IO.Compression;

namespace StranglerProxy.Shadow;

/// <summary>
/// Bodies are compared as the application wrote them, whichever compression each side chose; never more than
/// <c>maxBytes</c> of them, however small the compressed body (a compression bomb fails its comparison, not the proxy).
/// </summary>
internal static class ContentDecoding
{
    public static ReadOnlyMemory<byte> Decode(ReadOnlyMemory<byte> body, string? encoding, int maxBytes)
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
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = decoder.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (output.Length + read > maxBytes)
            {
                throw new ShadowBodyTooLargeException(maxBytes);
            }

            output.Write(buffer, 0, read);
        }

        return output.ToArray();
    }
}

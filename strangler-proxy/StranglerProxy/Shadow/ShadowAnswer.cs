namespace StranglerProxy.Shadow;

/// <summary>One side's answer to a mirrored request: status, the compared headers, and the body as received.</summary>
internal sealed record ShadowAnswer(int Status, IReadOnlyDictionary<string, string> Headers, ReadOnlyMemory<byte> Body)
{
    public string? ContentType => Headers.GetValueOrDefault("Content-Type");

    public string? ContentEncoding => Headers.GetValueOrDefault("Content-Encoding");

    /// <summary>Reads the headers the comparison needs (<see cref="ShadowRules.AnswerHeaders"/>) and the body.</summary>
    public static async Task<ShadowAnswer> ReadAsync(HttpResponseMessage response, IReadOnlyList<string> headers, int maxBodyBytes, CancellationToken cancellationToken)
    {
        var selected = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in headers)
        {
            if (response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values))
            {
                selected[name] = string.Join(", ", values);
            }
        }

        if (response.Content.Headers.ContentLength is { } length)
        {
            // The usual answer says how long it is: one read into an array of that size.
            return length > maxBodyBytes
                ? throw new ShadowBodyTooLargeException(maxBodyBytes)
                : new ShadowAnswer((int)response.StatusCode, selected, await response.Content.ReadAsByteArrayAsync(cancellationToken));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var body = new MemoryStream();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
            {
                if (body.Length + read > maxBodyBytes)
                {
                    throw new ShadowBodyTooLargeException(maxBodyBytes);
                }

                body.Write(buffer, 0, read);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return new ShadowAnswer((int)response.StatusCode, selected, body.ToArray());
    }
}

internal sealed class ShadowBodyTooLargeException(int limit) : Exception($"The answer is larger than the {limit:N0} bytes a comparison reads (Migration:Shadow:MaxBodyBytes).");

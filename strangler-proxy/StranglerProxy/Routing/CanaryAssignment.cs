using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace StranglerProxy.Routing;

/// <summary>
/// Deterministic canary assignment: a key falls into one of 10,000 buckets by an XxHash3 of module and
/// key, and is in the canary when its bucket is below percent x 100. Every replica computes the same
/// answer without shared state; raising the percent only adds keys, never moves one back.
/// </summary>
public static class CanaryAssignment
{
    public const int Buckets = 10_000;

    public static bool IsInCanary(string module, ReadOnlySpan<char> key, double percent)
    {
        if (percent <= 0)
        {
            return false;
        }

        if (percent >= 100)
        {
            return true;
        }

        return Bucket(module, key) < percent * (Buckets / 100.0);
    }

    public static int Bucket(string module, ReadOnlySpan<char> key)
    {
        // module + '\n' + key, hashed without allocating for ordinary key lengths.
        var length = Encoding.UTF8.GetMaxByteCount(module.Length + key.Length + 1);
        Span<byte> buffer = length <= 512 ? stackalloc byte[length] : new byte[length];
        var written = Encoding.UTF8.GetBytes(module, buffer);
        buffer[written++] = (byte)'\n';
        written += Encoding.UTF8.GetBytes(key, buffer[written..]);
        return (int)(XxHash3.HashToUInt64(buffer[..written]) % Buckets);
    }
}

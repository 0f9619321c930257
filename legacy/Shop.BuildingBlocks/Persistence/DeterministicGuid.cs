using System.Security.Cryptography;
using System.Text;

namespace Shop.BuildingBlocks.Persistence;

/// <summary>
/// Name-based identifiers (RFC 9562 version 5), so seed data has the same ids on every machine and
/// in every database.
/// </summary>
public static class DeterministicGuid
{
    private static readonly Guid Namespace = new("6f1c7a52-2d8e-4b7a-9a55-0c3e1d2b8f10");

    public static Guid Create(string kind, int index) => Create($"{kind}/{index}");

    public static Guid Create(string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetMaxByteCount(name.Length)];
        Namespace.TryWriteBytes(input, bigEndian: true, out _);
        var length = 16 + Encoding.UTF8.GetBytes(name, input[16..]);

        Span<byte> hash = stackalloc byte[SHA1.HashSizeInBytes];
        SHA1.HashData(input[..length], hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}

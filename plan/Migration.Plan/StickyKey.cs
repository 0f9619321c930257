namespace Plan;

/// <summary>What identifies a caller for canary assignment: a header, a cookie, a claim or the client address.</summary>
public sealed record StickyKey(StickyKeySource Source, string Name)
{
    public static StickyKey Default { get; } = new(StickyKeySource.ClientAddress, "");

    public static bool TryParse(string text, out StickyKey key)
    {
        key = Default;
        if (text == "client-address")
        {
            return true;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || colon == text.Length - 1)
        {
            return false;
        }

        var name = text[(colon + 1)..];
        StickyKeySource? source = text[..colon] switch
        {
            "header" => StickyKeySource.Header,
            "cookie" => StickyKeySource.Cookie,
            "claim" => StickyKeySource.Claim,
            _ => null,
        };
        if (source is null)
        {
            return false;
        }

        key = new StickyKey(source.Value, name);
        return true;
    }

    public override string ToString() => Source switch
    {
        StickyKeySource.Header => $"header:{Name}",
        StickyKeySource.Cookie => $"cookie:{Name}",
        StickyKeySource.Claim => $"claim:{Name}",
        _ => "client-address",
    };
}

public enum StickyKeySource
{
    ClientAddress,
    Header,
    Cookie,
    Claim,
}

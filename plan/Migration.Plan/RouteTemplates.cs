using Microsoft.AspNetCore.Routing.Patterns;

namespace Plan;

/// <summary>
/// A module route checked by the parser ASP.NET Core routing (and so YARP) uses: a plan the proxy would
/// refuse at its next start is refused when it is read instead.
/// </summary>
internal static class RouteTemplates
{
    public static string? WhyInvalid(string route)
    {
        try
        {
            _ = RoutePatternFactory.Parse(route);
            return null;
        }
        catch (RoutePatternException ex)
        {
            return ex.Message;
        }
    }
}

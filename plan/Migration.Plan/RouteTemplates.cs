using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Plan;

/// <summary>
/// A module route checked by the parser and the constraint factory ASP.NET Core routing (and so YARP)
/// uses: a plan the proxy would refuse at its next start, or could not route, is refused when it is read.
/// </summary>
internal static class RouteTemplates
{
    /// <summary>
    /// Routing's own constraint factory, registered as the proxy registers it (AddRouting, which includes
    /// "regex"). YARP accepts a route whose constraint is unknown or has bad arguments, and the matcher then
    /// fails every request, not just that route's, so constraints are created here once to find out.
    /// </summary>
    private static readonly Lazy<(ParameterPolicyFactory Factory, IDictionary<string, Type> Known)> Constraints = new(() =>
    {
        var services = new ServiceCollection().AddRouting().BuildServiceProvider();
        return (services.GetRequiredService<ParameterPolicyFactory>(), services.GetRequiredService<IOptions<RouteOptions>>().Value.ConstraintMap);
    });

    public static string? WhyInvalid(string route)
    {
        RoutePattern pattern;
        try
        {
            pattern = RoutePatternFactory.Parse(route);
        }
        catch (RoutePatternException ex)
        {
            return ex.Message;
        }

        if (pattern.ParameterPolicies.Count == 0)
        {
            return null;
        }

        var (factory, known) = Constraints.Value;
        foreach (var (name, references) in pattern.ParameterPolicies)
        {
            foreach (var reference in references)
            {
                var content = reference.Content ?? "";
                var constraint = content.Split('(', 2)[0];
                if (!known.ContainsKey(constraint))
                {
                    return $"Parameter '{name}' has constraint '{constraint}', which ASP.NET Core routing does not know; use one of: {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))}.";
                }

                try
                {
                    // A regex is compiled on the first request that reaches it: a bad one fails that route's requests.
                    if (factory.Create(pattern.GetParameter(name), reference) is RegexRouteConstraint regex)
                    {
                        _ = regex.Constraint;
                    }
                }
                catch (Exception ex) when (ex is RouteCreationException or InvalidOperationException or ArgumentException)
                {
                    return $"Constraint '{content}' of parameter '{name}' cannot be created: {Innermost(ex).Message}";
                }
            }
        }

        return null;
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;
}

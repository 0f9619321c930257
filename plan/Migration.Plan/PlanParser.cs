using System.Collections.Frozen;
using System.Text.Json;

namespace Plan;

/// <summary>
/// Reads and validates migration.json. Every problem is reported with the file, the JSON path of the
/// value and the reason; a plan with any problem is rejected as a whole.
/// </summary>
public sealed class PlanParser(ServiceCatalog? services = null)
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public PlanParseResult Parse(string json, string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, byte {ex.BytePositionInLine + 1})" : "";
            return PlanParseResult.Failed(new PlanError(file, ex.Path ?? "$", $"Not valid JSON{where}: {FirstSentence(ex.Message)}"));
        }

        using (document)
        {
            var errors = new List<PlanError>();
            var plan = new Reader(file, errors, services ?? ServiceCatalog.Any).ReadPlan(document.RootElement);
            return errors.Count == 0 && plan is not null ? PlanParseResult.Succeeded(plan) : PlanParseResult.Failed([.. errors]);
        }
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private sealed class Reader(string file, List<PlanError> errors, ServiceCatalog services)
    {
        public MigrationPlan? ReadPlan(JsonElement root)
        {
            if (!ExpectObject(root, "$", PlanKeys.Root))
            {
                return null;
            }

            var legacy = root.TryGetProperty("legacy", out var legacyElement)
                ? ReadLegacy(legacyElement, "$.legacy")
                : Missing<LegacyPlan>("$.legacy", "Required: { \"service\": \"<name of the monolith>\" }.");
            if (!root.TryGetProperty("modules", out var modulesElement))
            {
                Error("$.modules", "Required: the modules of the estate.");
                return null;
            }

            if (!ExpectObject(modulesElement, "$.modules"))
            {
                return null;
            }

            var modules = new Dictionary<string, ModulePlan>(StringComparer.Ordinal);
            var supporting = new Dictionary<string, SupportingModulePlan>(StringComparer.Ordinal);
            var routeOwners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var property in modulesElement.EnumerateObject())
            {
                var path = $"$.modules.{property.Name}";
                if (ReadRole(property.Value, path) is not { } role)
                {
                    continue;
                }

                if (role != ModuleRole.Module)
                {
                    if (ReadSupportingModule(property.Name, role, property.Value, path, supporting.Values) is { } support)
                    {
                        supporting[support.Name] = support;
                    }

                    continue;
                }

                if (ReadModule(property.Name, property.Value, path) is not { } module)
                {
                    continue;
                }

                for (var i = 0; i < module.Routes.Count; i++)
                {
                    var route = NormalizeRoute(module.Routes[i]);
                    if (!routeOwners.TryAdd(route, module.Name))
                    {
                        Error($"{path}.routes[{i}]", $"Route '{module.Routes[i]}' is already claimed by module '{routeOwners[route]}'.");
                    }
                }

                modules[module.Name] = module;
            }

            if (modules.Count == 0 && supporting.Count > 0)
            {
                Error("$.modules", "Needs at least one module with role 'module' (the default): shared and host modules are never extracted.");
            }

            return legacy is null ? null : new MigrationPlan(legacy, modules.ToFrozenDictionary(StringComparer.Ordinal))
            {
                Supporting = supporting.ToFrozenDictionary(StringComparer.Ordinal),
            };
        }

        private ModuleRole? ReadRole(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty("role", out var value))
            {
                return ModuleRole.Module;
            }

            if (value.ValueKind == JsonValueKind.String && ModuleRoles.TryParse(value.GetString(), out var role))
            {
                return role;
            }

            Error($"{path}.role", $"Must be \"module\" (extractable, the default), \"shared\" (a shared kernel in every deployable) or \"host\" (the composition root); got {value.GetRawText()}.");
            return null;
        }

        private SupportingModulePlan? ReadSupportingModule(string name, ModuleRole role, JsonElement element, string path, IEnumerable<SupportingModulePlan> others)
        {
            if (!IsServiceLikeName(name))
            {
                Error(path, $"Module name '{name}' must be lower-case letters, digits and dashes, starting with a letter.");
            }

            foreach (var property in element.EnumerateObject().Where(p => !PlanKeys.SupportingModule.Contains(p.Name, StringComparer.Ordinal)))
            {
                Error($"{path}.{property.Name}", PlanKeys.Module.Contains(property.Name, StringComparer.Ordinal)
                    ? $"A {role.ToPlanName()} module is never extracted: it takes only {string.Join(" and ", PlanKeys.SupportingModule)}."
                    : $"Unknown key '{property.Name}'; expected one of: {string.Join(", ", PlanKeys.SupportingModule)}.");
            }

            if (role == ModuleRole.Host && others.FirstOrDefault(o => o.Role == ModuleRole.Host) is { } host)
            {
                Error($"{path}.role", $"Module '{host.Name}' is already the host; an estate has one composition root.");
            }

            var implementation = ReadCodePatterns(element, "implementation", path);
            if (implementation is { Count: 0 })
            {
                Error($"{path}.implementation", "Required: the assembly name patterns (or \"namespace:\" patterns) of its code.");
            }

            return implementation is { Count: > 0 } ? new SupportingModulePlan(name, role, implementation) : null;
        }

        private LegacyPlan? ReadLegacy(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, PlanKeys.Legacy))
            {
                return null;
            }

            var service = ReadServiceName(element, path);
            var assemblies = ReadOptionalStrings(element, "assemblies", path);
            return service is null || assemblies is null ? null : new LegacyPlan(service, assemblies);
        }

        private ModulePlan? ReadModule(string name, JsonElement element, string path)
        {
            if (!ExpectObject(element, path, PlanKeys.Module))
            {
                return null;
            }

            if (!IsServiceLikeName(name))
            {
                Error(path, $"Module name '{name}' must be lower-case letters, digits and dashes, starting with a letter.");
            }

            var routes = ReadRoutes(element, path);
            var service = ReadServiceName(element, path);
            var stage = ReadStage(element, path);
            var canary = ReadCanary(element, path, stage);
            var implementation = ReadCodePatterns(element, "implementation", path);
            var contracts = ReadCodePatterns(element, "contracts", path);
            var tables = ReadTables(element, path);
            var rollback = ReadRollback(element, path);
            var shadow = ReadShadow(element, path);

            if (service is not null && stage is not null and not Stage.Legacy && !services.IsKnown(service))
            {
                Error($"{path}.service", services.WhyUnknown(service));
            }

            return routes is null || service is null || stage is null || canary is null
                || implementation is null || contracts is null || tables is null || rollback is null || shadow is null
                ? null
                : new ModulePlan(name, routes, service, stage.Value, canary)
                {
                    Implementation = implementation,
                    Contracts = contracts,
                    Tables = tables,
                    Rollback = rollback,
                    Shadow = shadow,
                };
        }

        private RollbackPlan? ReadRollback(JsonElement module, string path)
        {
            if (!module.TryGetProperty("rollback", out var element))
            {
                return RollbackPlan.Default;
            }

            path += ".rollback";
            if (!ExpectObject(element, path, PlanKeys.Rollback))
            {
                return null;
            }

            var (rate, window, minimum) = (RollbackPlan.Default.MaxErrorRate, RollbackPlan.Default.Window, RollbackPlan.Default.MinRequests);
            return Optional(element, "maxErrorRate", path, (JsonElement e, out double v) => Number(e, out v) && v is > 0 and <= 1,
                    "a fraction above 0 and at most 1 (0.05 is 5 %)", ref rate)
                && Optional(element, "window", path, Duration, "a duration \"hh:mm:ss\" above zero", ref window)
                && Optional(element, "minRequests", path, (JsonElement e, out int v) => WholeNumber(e, out v) && v >= 1, "a whole number of at least 1", ref minimum)
                ? new RollbackPlan(rate, window, minimum)
                : null;
        }

        private ShadowPlan? ReadShadow(JsonElement module, string path)
        {
            if (!module.TryGetProperty("shadow", out var element))
            {
                return ShadowPlan.Default;
            }

            path += ".shadow";
            if (!ExpectObject(element, path, PlanKeys.Shadow))
            {
                return null;
            }

            var errorsBefore = errors.Count;
            var shadow = ShadowPlan.Default;
            if (ReadOptionalStrings(element, "methods", path) is { } methods && element.TryGetProperty("methods", out _))
            {
                var unsafeMethods = methods.Where(m => !SafeMethods.Contains(m, StringComparer.OrdinalIgnoreCase)).ToList();
                if (methods.Count == 0 || unsafeMethods.Count > 0)
                {
                    Error($"{path}.methods", $"Only safe methods can be mirrored ({string.Join(", ", SafeMethods)}); got {element.GetProperty("methods").GetRawText()}.");
                }

                shadow = shadow with { Methods = [.. methods.Select(m => m.ToUpperInvariant()).Distinct()] };
            }

            if (ReadOptionalStrings(element, "routes", path) is { } routes)
            {
                for (var i = 0; i < routes.Count; i++)
                {
                    if (WhyNotARouteTemplate(routes[i]) is { } why)
                    {
                        Error($"{path}.routes[{i}]", why);
                    }
                }

                shadow = shadow with { Routes = routes };
            }

            if (ReadOptionalStrings(element, "headers", path) is { } headers && element.TryGetProperty("headers", out _))
            {
                shadow = shadow with { Headers = headers };
            }

            shadow = shadow with
            {
                Ignore = ReadJsonPaths(element, "ignore", path) ?? [],
                UnorderedArrays = ReadJsonPaths(element, "unorderedArrays", path) ?? [],
                Redact = ReadJsonPaths(element, "redact", path) ?? [],
            };

            var (tolerance, noise) = (shadow.NumericTolerance, shadow.NoiseFilter);
            Optional(element, "numericTolerance", path, (JsonElement e, out double v) => Number(e, out v) && v >= 0, "a number of at least 0", ref tolerance);
            Optional(element, "noiseFilter", path, Boolean, "true or false", ref noise);
            shadow = shadow with { NumericTolerance = tolerance, NoiseFilter = noise };

            if (element.TryGetProperty("promotion", out var promotion) && ReadPromotion(promotion, $"{path}.promotion") is { } gate)
            {
                shadow = shadow with { Promotion = gate };
            }

            return errors.Count == errorsBefore ? shadow : null;
        }

        private PromotionPlan? ReadPromotion(JsonElement element, string path)
        {
            if (!ExpectObject(element, path, PlanKeys.Promotion))
            {
                return null;
            }

            var (minimum, rate, perRoute) = (PromotionPlan.Default.MinComparisons, PromotionPlan.Default.MaxMismatchRate, PromotionPlan.Default.MinComparisonsPerRoute);
            return Optional(element, "minComparisons", path, (JsonElement e, out int v) => WholeNumber(e, out v) && v >= 1, "a whole number of at least 1", ref minimum)
                && Optional(element, "maxMismatchRate", path, (JsonElement e, out double v) => Number(e, out v) && v is >= 0 and <= 1,
                    "a fraction from 0 to 1 (0.01 is 1 %)", ref rate)
                && Optional(element, "minComparisonsPerRoute", path, (JsonElement e, out int v) => WholeNumber(e, out v) && v >= 1, "a whole number of at least 1", ref perRoute)
                ? new PromotionPlan(minimum, rate, perRoute)
                : null;
        }

        private delegate bool ValueReader<T>(JsonElement element, out T value);

        /// <summary>Reads an optional property into <paramref name="value"/>; false, with the error recorded, when it is there but not acceptable.</summary>
        private bool Optional<T>(JsonElement owner, string property, string path, ValueReader<T> read, string expected, ref T value)
        {
            if (!owner.TryGetProperty(property, out var element))
            {
                return true;
            }

            if (read(element, out var parsed))
            {
                value = parsed;
                return true;
            }

            Error($"{path}.{property}", $"Must be {expected}; got {element.GetRawText()}.");
            return false;
        }

        private static bool Number(JsonElement element, out double value)
        {
            value = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetDouble(out value) && double.IsFinite(value);
        }

        private static bool WholeNumber(JsonElement element, out int value)
        {
            value = 0;
            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out value);
        }

        private static bool Boolean(JsonElement element, out bool value)
        {
            value = element.ValueKind == JsonValueKind.True;
            return element.ValueKind is JsonValueKind.True or JsonValueKind.False;
        }

        private static bool Duration(JsonElement element, out TimeSpan value)
        {
            value = default;
            return element.ValueKind == JsonValueKind.String && TimeSpan.TryParseExact(element.GetString(), @"hh\:mm\:ss", null, out value) && value > TimeSpan.Zero;
        }

        private List<string>? ReadJsonPaths(JsonElement owner, string property, string path)
        {
            var paths = ReadOptionalStrings(owner, property, path);
            for (var i = 0; paths is not null && i < paths.Count; i++)
            {
                if (!JsonPathPattern.TryParse(paths[i], out _, out var why))
                {
                    Error($"{path}.{property}[{i}]", $"'{paths[i]}' is not a JSON path: {why}");
                }
            }

            return paths;
        }

        private static readonly string[] SafeMethods = ["GET", "HEAD", "OPTIONS"];

        /// <summary>Shadow routes are plain templates: literal segments, "{name}", and a last "{*name}" or "{**name}".</summary>
        private static string? WhyNotARouteTemplate(string route)
        {
            if (!route.StartsWith('/'))
            {
                return "Must be a route pattern starting with '/'.";
            }

            var segments = route.TrimEnd('/').Split('/')[1..];
            for (var i = 0; i < segments.Length; i++)
            {
                var segment = segments[i];
                var isParameter = segment.StartsWith('{') && segment.EndsWith('}');
                if (!isParameter && (segment.Contains('{') || segment.Contains('}')))
                {
                    return $"Segment '{segment}' mixes text and a parameter; use a whole segment such as '{{id}}'.";
                }

                if (isParameter && segment.Contains(':'))
                {
                    return $"Segment '{segment}': shadow routes take no constraints; '{{name}}' matches any one segment.";
                }

                if (isParameter && segment.StartsWith("{*", StringComparison.Ordinal) && i != segments.Length - 1)
                {
                    return $"Catch-all '{segment}' must be the last segment.";
                }
            }

            return null;
        }

        private TablesPlan? ReadTables(JsonElement module, string path)
        {
            if (!module.TryGetProperty("tables", out var element))
            {
                return TablesPlan.None;
            }

            path += ".tables";
            if (!ExpectObject(element, path, PlanKeys.Tables))
            {
                return null;
            }

            var schema = ReadOptionalString(element, "schema", path);
            var prefix = ReadOptionalString(element, "prefix", path);
            var names = ReadOptionalStrings(element, "names", path);
            return schema.Ok && prefix.Ok && names is not null ? new TablesPlan(schema.Value, prefix.Value, names) : null;
        }

        private List<string>? ReadRoutes(JsonElement module, string path)
        {
            if (!module.TryGetProperty("routes", out var element))
            {
                return Missing<List<string>>($"{path}.routes", "Required: the route patterns the module serves, e.g. \"/api/catalog/{**rest}\".");
            }

            if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
            {
                Error($"{path}.routes", "Must be a non-empty array of route patterns.");
                return null;
            }

            var routes = new List<string>();
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.String || item.GetString() is not { Length: > 0 } route || route[0] != '/')
                {
                    Error($"{path}.routes[{index}]", "Must be a route pattern starting with '/'.");
                }
                else if (RouteTemplates.WhyInvalid(route) is { } why)
                {
                    // The proxy hands it to ASP.NET Core routing, which would refuse it at the next start.
                    Error($"{path}.routes[{index}]", $"'{route}' is not a valid route template: {why}");
                }
                else
                {
                    routes.Add(route);
                }

                index++;
            }

            return routes.Count == index ? routes : null;
        }

        private Stage? ReadStage(JsonElement module, string path)
        {
            if (!module.TryGetProperty("stage", out var element))
            {
                return Missing<Stage?>($"{path}.stage", $"Required: one of {StageNames.All}.");
            }

            if (element.ValueKind == JsonValueKind.String && StageNames.TryParse(element.GetString(), out var stage))
            {
                return stage;
            }

            Error($"{path}.stage", $"Unknown stage {element.GetRawText()}; expected one of {StageNames.All}.");
            return null;
        }

        private CanaryPlan? ReadCanary(JsonElement module, string path, Stage? stage)
        {
            if (!module.TryGetProperty("canary", out var element))
            {
                if (stage == Stage.Canary)
                {
                    Error($"{path}.canary", "Required at stage 'canary': { \"percent\": 0-100, \"stickyBy\": \"header:Name\" }.");
                    return null;
                }

                return CanaryPlan.None;
            }

            if (!ExpectObject(element, $"{path}.canary", PlanKeys.Canary))
            {
                return null;
            }

            double percent = 0;
            if (element.TryGetProperty("percent", out var percentElement))
            {
                if (percentElement.ValueKind != JsonValueKind.Number || !percentElement.TryGetDouble(out percent)
                    || double.IsNaN(percent) || percent < 0 || percent > 100)
                {
                    Error($"{path}.canary.percent", $"Must be a number from 0 to 100; got {percentElement.GetRawText()}.");
                    return null;
                }
            }
            else if (stage == Stage.Canary)
            {
                Error($"{path}.canary.percent", "Required at stage 'canary': a number from 0 to 100.");
                return null;
            }

            var sticky = StickyKey.Default;
            if (element.TryGetProperty("stickyBy", out var stickyElement)
                && (stickyElement.ValueKind != JsonValueKind.String || !StickyKey.TryParse(stickyElement.GetString()!, out sticky)))
            {
                Error($"{path}.canary.stickyBy", $"Must be \"header:<name>\", \"cookie:<name>\", \"claim:<type>\" or \"client-address\"; got {stickyElement.GetRawText()}.");
                return null;
            }

            return new CanaryPlan(percent, sticky);
        }

        private string? ReadServiceName(JsonElement owner, string path)
        {
            if (!owner.TryGetProperty("service", out var element))
            {
                Error($"{path}.service", "Required: the service-discovery name of the service.");
                return null;
            }

            if (element.ValueKind == JsonValueKind.String && element.GetString() is { } name && IsServiceLikeName(name))
            {
                return name;
            }

            Error($"{path}.service", $"Must be a service name (lower-case letters, digits and dashes); got {element.GetRawText()}.");
            return null;
        }

        private List<string>? ReadOptionalStrings(JsonElement owner, string property, string path)
        {
            if (!owner.TryGetProperty(property, out var element))
            {
                return [];
            }

            if (element.ValueKind != JsonValueKind.Array
                || element.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || e.GetString() is not { Length: > 0 }))
            {
                Error($"{path}.{property}", "Must be an array of non-empty strings.");
                return null;
            }

            return [.. element.EnumerateArray().Select(e => e.GetString()!)];
        }

        /// <summary>Assembly name patterns, or "namespace:" patterns that name a namespace.</summary>
        private List<string>? ReadCodePatterns(JsonElement owner, string property, string path)
        {
            var patterns = ReadOptionalStrings(owner, property, path);
            for (var i = 0; patterns is not null && i < patterns.Count; i++)
            {
                if (patterns[i].StartsWith("namespace:", StringComparison.Ordinal) && patterns[i]["namespace:".Length..].Trim('.', '*').Length == 0)
                {
                    Error($"{path}.{property}[{i}]", $"'{patterns[i]}' names no namespace (it would match only types outside any namespace); write namespace:Your.Namespace.");
                    return null;
                }
            }

            return patterns;
        }

        private (bool Ok, string? Value) ReadOptionalString(JsonElement owner, string property, string path)
        {
            if (!owner.TryGetProperty(property, out var element))
            {
                return (true, null);
            }

            if (element.ValueKind == JsonValueKind.String && element.GetString() is { Length: > 0 } value)
            {
                return (true, value);
            }

            Error($"{path}.{property}", $"Must be a non-empty string; got {element.GetRawText()}.");
            return (false, null);
        }

        private bool ExpectObject(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                return true;
            }

            Error(path, $"Must be a JSON object; got {element.ValueKind.ToString().ToLowerInvariant()}.");
            return false;
        }

        /// <summary>An object whose keys are all known: a typo such as "rolback" is an error, not a setting silently left out.</summary>
        private bool ExpectObject(JsonElement element, string path, IReadOnlyList<string> known)
        {
            if (!ExpectObject(element, path))
            {
                return false;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (!known.Contains(property.Name, StringComparer.Ordinal))
                {
                    var near = PlanKeys.Nearest(property.Name, known);
                    Error($"{path}.{property.Name}", $"Unknown key '{property.Name}'; expected one of: {string.Join(", ", known)}{(near is null ? "." : $"; did you mean '{near}'?")}");
                }
            }

            return true;
        }

        private T? Missing<T>(string path, string reason)
        {
            Error(path, reason);
            return default;
        }

        private void Error(string path, string reason) => errors.Add(new PlanError(file, path, reason));

        private static bool IsServiceLikeName(string name) =>
            name.Length > 0 && char.IsAsciiLetterLower(name[0])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

        /// <summary>Two spellings of the same pattern ("{**rest}" vs "{**path}") claim the same route.</summary>
        private static string NormalizeRoute(string route) =>
            string.Join('/', route.TrimEnd('/').Split('/').Select(NormalizeSegment));

        private static string NormalizeSegment(string segment) =>
            !segment.StartsWith('{') ? segment
            : segment.StartsWith("{*", StringComparison.Ordinal) ? "{**}"
            : "{}";
    }
}

/// <summary>A plan, or why there is none.</summary>
public sealed record PlanParseResult(MigrationPlan? Plan, IReadOnlyList<PlanError> Errors)
{
    public static PlanParseResult Succeeded(MigrationPlan plan) => new(plan, []);

    public static PlanParseResult Failed(params PlanError[] errors) => new(null, errors);
}

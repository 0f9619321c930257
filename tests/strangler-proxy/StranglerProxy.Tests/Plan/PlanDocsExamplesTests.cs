using System.Text.RegularExpressions;

namespace StranglerProxy.Tests.Plan;

/// <summary>The plan examples of the docs are plans the parser reads: a reader who copies one gets no error.</summary>
public sealed partial class PlanDocsExamplesTests
{
    [Fact]
    public void Parse_JsonExamplesOfTheDocs_HaveNoErrors()
    {
        var root = Repository.PathOf("docs");
        var documents = Directory.EnumerateFiles(root, "*.md", SearchOption.AllDirectories).Append(Repository.PathOf("README.md"));
        var examples = documents
            .SelectMany(document => JsonBlock().Matches(File.ReadAllText(document)).Select(m => (Document: document, Json: m.Groups["json"].Value.Trim())))
            .Select(e => (e.Document, Plan: AsPlan(e.Json)))
            .Where(e => e.Plan is not null)
            .ToList();

        Assert.NotEmpty(examples);
        Assert.All(examples, e => Assert.Empty(new PlanParser().Parse(e.Plan!, e.Document).Errors));
    }

    /// <summary>A whole plan, or a module's member ("shadow": {...}) set into a module; null for JSON that is not a plan.</summary>
    private static string? AsPlan(string json) =>
        json.StartsWith('{') && json.Contains("\"modules\"", StringComparison.Ordinal) ? json
        : ModuleMember().Match(json) is { Success: true } member && PlanKeys.Module.Contains(member.Groups["key"].Value)
            ? $$"""{ "legacy": { "service": "legacy" }, "modules": { "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "legacy", {{json}} } } }"""
            : null;

    [GeneratedRegex(@"```jsonc?\n(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex(@"^""(?<key>[a-zA-Z]+)""\s*:")]
    private static partial Regex ModuleMember();
}

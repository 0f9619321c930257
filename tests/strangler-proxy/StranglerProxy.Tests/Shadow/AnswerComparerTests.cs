using System.IO.Compression;
using System.Text;
using StranglerProxy.Shadow;

namespace StranglerProxy.Tests.Shadow;

public sealed class AnswerComparerTests
{
    private static ShadowAnswer Json(string json, int status = 200, string contentType = "application/json; charset=utf-8") =>
        new(status, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Content-Type"] = contentType }, Encoding.UTF8.GetBytes(json));

    private static ShadowRules Rules(ShadowPlan? plan = null) => ShadowRules.For(plan ?? new ShadowPlan());

    private static IReadOnlyList<Difference> Differences(string legacy, string extracted, ShadowPlan? plan = null) =>
        AnswerComparer.Compare(Json(legacy), Json(extracted), null, Rules(plan)).Differences;

    [Fact]
    public void Compare_SameValuesInAnotherOrderAndNumberSpelling_Matches() =>
        Assert.Empty(Differences("""{ "a": 1.50, "b": [1, 2], "c": { "d": true } }""", """{"c":{"d":true},"b":[1,2],"a":1.5}"""));

    [Fact]
    public void Compare_EachKindOfDifference_IsReportedAtItsPath()
    {
        var differences = Differences(
            """{ "price": 10, "name": "a", "tags": ["x"], "gone": 1, "flag": true }""",
            """{ "price": "10", "name": "b", "tags": ["x", "y"], "flag": false, "new": null }""");

        Assert.Equal(
            [
                new Difference("$.price", "10", "\"10\""), new Difference("$.name", "\"a\"", "\"b\""), new Difference("$.tags[1]", null, "\"y\""),
                new Difference("$.gone", "1", null), new Difference("$.flag", "true", "false"), new Difference("$.new", null, "null"),
            ],
            differences);
    }

    [Fact]
    public void Compare_StatusAndChosenHeaders_AreCompared()
    {
        var legacy = Json("{}", 200, "application/json");
        var extracted = Json("{}", 404, "application/problem+json");

        var differences = AnswerComparer.Compare(legacy, extracted, null, Rules()).Differences;

        Assert.Equal([new Difference("status", "200", "404"), new Difference("header:Content-Type", "application/json", "application/problem+json")], differences);
    }

    [Fact]
    public void Compare_IgnoredPathsWithWildcards_AreLeftOut()
    {
        var plan = new ShadowPlan { Ignore = ["$.items[*].etag", "$..traceId"] };

        Assert.Empty(Differences("""{ "items": [{ "id": 1, "etag": "a" }], "meta": { "traceId": "x" } }""",
            """{ "items": [{ "id": 1, "etag": "b" }], "meta": { "traceId": "y" } }""", plan));
    }

    [Fact]
    public void Compare_UnorderedArrays_MatchInAnyOrderOnlyWhereThePlanSays()
    {
        const string legacy = """{ "a": [{ "id": 1 }, { "id": 2 }], "b": [1, 2] }""";
        const string extracted = """{ "a": [{ "id": 2 }, { "id": 1 }], "b": [2, 1] }""";

        var differences = Differences(legacy, extracted, new ShadowPlan { UnorderedArrays = ["$.a"] });

        Assert.Equal(["$.b[0]", "$.b[1]"], differences.Select(d => d.Path));
        Assert.Empty(Differences(legacy, extracted, new ShadowPlan { UnorderedArrays = ["$"] }));
    }

    [Fact]
    public void Compare_NumericTolerance_AcceptsCloseNumbersOnly()
    {
        var plan = new ShadowPlan { NumericTolerance = 0.01 };

        Assert.Empty(Differences("""{ "x": 1.004 }""", """{ "x": 1 }""", plan));
        Assert.Single(Differences("""{ "x": 1.02 }""", """{ "x": 1 }""", plan));
    }

    [Fact]
    public void Compare_WithASecondLegacyAnswer_DifferencesTheMonolithMakesItselfAreNoise()
    {
        var comparison = AnswerComparer.Compare(
            Json("""{ "at": "1", "price": 1 }"""), Json("""{ "at": "2", "price": 2 }"""), Json("""{ "at": "3", "price": 1 }"""), Rules());

        Assert.Equal(["$.price"], comparison.Differences.Select(d => d.Path));
        Assert.Equal(["$.at"], comparison.Noise);
    }

    [Fact]
    public void Compare_RedactedPaths_NeverShowTheirValuesEvenInsideALargerValue()
    {
        var plan = new ShadowPlan { Redact = ["$..password"] };

        var differences = Differences("""{ "user": { "name": "a", "password": "p1" } }""", """{ "user": null }""", plan);

        var difference = Assert.Single(differences);
        Assert.Equal("""{"name":"a","password":"[redacted]"}""", difference.Legacy);
    }

    [Fact]
    public void Compare_CompressedAndPlainBodies_AreComparedAsWritten()
    {
        using var zipped = new MemoryStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write("""{ "id": 1 }"""u8);
        }

        var compressed = new ShadowAnswer(200, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json", ["Content-Encoding"] = "gzip",
        }, zipped.ToArray());

        Assert.True(AnswerComparer.Compare(compressed, Json("""{"id":1}""", contentType: "application/json"), null, Rules()).Matched);
    }

    [Fact]
    public void Compare_BodyThatDecompressesPastTheLimit_IsNotComparedAndNeverHeldWhole()
    {
        // 64 MiB of zeros in about 64 KiB: decompressed whole it would be 64 times the limit.
        using var zipped = new MemoryStream();
        using (var gzip = new GZipStream(zipped, CompressionLevel.Optimal, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < 64; i++)
            {
                gzip.Write(zeros);
            }
        }

        var bomb = new ShadowAnswer(200, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/json", ["Content-Encoding"] = "gzip",
        }, zipped.ToArray());

        var tooLarge = Assert.Throws<ShadowBodyTooLargeException>(() => AnswerComparer.Compare(bomb, Json("{}"), null, Rules(), maxBodyBytes: 1024 * 1024));
        Assert.Contains("1,048,576 bytes", tooLarge.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_NonJsonBodies_AreComparedByteForByte()
    {
        var text = new ShadowAnswer(200, new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, "hello"u8.ToArray());
        var other = new ShadowAnswer(200, new Dictionary<string, string> { ["Content-Type"] = "text/plain" }, "hello!"u8.ToArray());

        Assert.True(AnswerComparer.Compare(text, text, null, Rules()).Matched);
        Assert.Equal([new Difference("body", "5 bytes", "6 bytes")], AnswerComparer.Compare(text, other, null, Rules()).Differences);
    }
}

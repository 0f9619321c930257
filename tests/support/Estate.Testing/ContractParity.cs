using System.Net;
using System.Text.Json.Nodes;
using Xunit;

namespace Estate.Testing;

/// <summary>
/// The contract test of an extracted service: the same request to the monolith and to the service gets
/// the same status, content type and body, compared field by field.
/// </summary>
public static class ContractParity
{
    /// <summary>Sends the request to both and asserts the answers are the same; returns the monolith's status.</summary>
    public static async Task<HttpStatusCode> AssertSameAnswerAsync(HttpClient legacy, HttpClient service, string request, Func<HttpClient, Task<HttpResponseMessage>> send)
    {
        var mine = await Answer.ReadAsync(await send(legacy));
        var theirs = await Answer.ReadAsync(await send(service));
        Assert.True(mine.Status == theirs.Status, $"{request}: status {mine.Status} from the monolith, {theirs.Status} from the service");
        Assert.Equal(mine.ContentType, theirs.ContentType);
        Assert.True(JsonNode.DeepEquals(mine.Body, theirs.Body),
            $"{request}: bodies differ{Environment.NewLine}monolith: {mine.Body?.ToJsonString()}{Environment.NewLine}service:  {theirs.Body?.ToJsonString()}");
        return mine.Status;
    }

    public static Task<HttpStatusCode> AssertSameGetAsync(HttpClient legacy, HttpClient service, string path) =>
        AssertSameAnswerAsync(legacy, service, path, client => client.GetAsync(path, TestContext.Current.CancellationToken));

    private sealed record Answer(HttpStatusCode Status, string? ContentType, JsonNode? Body)
    {
        public static async Task<Answer> ReadAsync(HttpResponseMessage response)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                var body = text.Length == 0 ? null : JsonNode.Parse(text);
                // Problem details carry the trace of the request that failed, which differs by host only.
                if (body is JsonObject problem)
                {
                    problem.Remove("traceId");
                }

                return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
            }
        }
    }
}

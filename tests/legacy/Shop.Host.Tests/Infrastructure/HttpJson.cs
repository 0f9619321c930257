using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Shop.Host.Tests.Infrastructure;

/// <summary>Reads API answers as plain JSON, so tests check the wire contract rather than C# types.</summary>
public static class HttpJson
{
    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
    }

    public static async Task<HttpStatusCode> GetStatusAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url, TestContext.Current.CancellationToken);
        return response.StatusCode;
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, object body) =>
        client.PostAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body) =>
        client.PutAsJsonAsync(url, body, TestContext.Current.CancellationToken);

    /// <summary>Sends a body exactly as written, to test what a JSON serializer would never produce.</summary>
    public static Task<HttpResponseMessage> SendRawAsync(this HttpClient client, HttpMethod method, string url, string body) =>
        client.SendAsync(
            new HttpRequestMessage(method, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") },
            TestContext.Current.CancellationToken);

    public static async Task<JsonElement> ShouldHaveStatusAsync(this HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == expected,
            $"Expected {(int)expected} {expected} but got {(int)response.StatusCode} {response.StatusCode}: {text}");
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts an application/problem+json answer and, when given, that its errors name the field.</summary>
    public static async Task<JsonElement> ShouldBeProblemAsync(
        this HttpResponseMessage response, HttpStatusCode expected, string? field = null)
    {
        var problem = await response.ShouldHaveStatusAsync(expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _),
                $"Expected the problem to name '{field}', but it was: {problem}");
        }

        return problem;
    }

    public static Guid GetGuid(this JsonElement element, string property) => element.GetProperty(property).GetGuid();

    public static int GetInt(this JsonElement element, string property) => element.GetProperty(property).GetInt32();

    public static string GetText(this JsonElement element, string property) => element.GetProperty(property).GetString()!;
}

using System.Net;
using System.Net.Http.Json;
using Contracts.Admin;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Adoption;

/// <summary>
/// The front door in front of an application it was not written for: the proxy's own build, as a process,
/// before two copies of Clinic (tests/fixtures/Clinic, nothing like Shop), routing by the plan `migrate init`
/// drafted for it (tests/fixtures/Clinic/migration.json; InitCommandTests hold the two to each other).
/// </summary>
public sealed class ForeignApplicationTests
{
    [Fact]
    public async Task Proxy_InFrontOfClinic_FlipsPatientsReadsToASecondBackendAndKeepsItsWritesWithTheOwner()
    {
        var folder = Directory.CreateTempSubdirectory("proxy-clinic-").FullName;
        try
        {
            var plan = Path.Combine(folder, "migration.json");
            File.Copy(Repository.PathOf("tests", "fixtures", "Clinic", "migration.json"), plan);
            var clinic = Path.Combine(BuildOutputs.Clinic, "Clinic.Web.dll");
            await using var monolith = await AppProcess.StartAsync(clinic, new Dictionary<string, string> { ["Clinic__Instance"] = "monolith" });
            await using var service = await AppProcess.StartAsync(clinic, new Dictionary<string, string> { ["Clinic__Instance"] = "patients-service" });
            await using var proxy = await ProxyProcess.StartAsync(plan,
                new Dictionary<string, Uri> { ["legacy"] = monolith.Address, ["patients-service"] = service.Address },
                new Dictionary<string, string> { ["Migration:Admin:Token"] = ProxyHost.AdminToken });
            using var admin = StoreReplicas.AdminOf(proxy);

            Assert.Equal(("monolith", "legacy"), await ServedAsync(proxy, HttpMethod.Get, "/api/patients"));

            using var shadow = await admin.PutAsJsonAsync("/migration/api/modules/patients/stage", new ChangeStageRequest("shadow", null, "compare the service"), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, shadow.StatusCode);
            using var canary = await admin.PutAsJsonAsync("/migration/api/modules/patients/stage",
                new ChangeStageRequest("canary", 100, "every reader to the service", Force: true), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, canary.StatusCode);

            // Reads of patients go to the second backend; the monolith still owns the data, so writes stay with it.
            await Eventually.MatchAsync(() => ServedAsync(proxy, HttpMethod.Get, "/api/patients"), served => served == ("patients-service", "extracted"),
                "the proxy sends patients' reads to the second backend");
            Assert.Equal(("monolith", "legacy"), await ServedAsync(proxy, HttpMethod.Post, "/api/patients", new { fullName = "Ada Lovelace", dateOfBirth = "1815-12-10" }));
            // Other modules are untouched.
            Assert.Equal(("monolith", "legacy"), await ServedAsync(proxy, HttpMethod.Get, "/api/appointments"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Which copy of Clinic answered (its own header) and whom the proxy says it sent the request to.</summary>
    private static async Task<(string? Instance, string? ServedBy)> ServedAsync(ProxyProcess proxy, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await proxy.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return (Header(response, "X-Clinic-Instance"), Header(response, "X-Migration-Served-By"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.Single() : null;
}

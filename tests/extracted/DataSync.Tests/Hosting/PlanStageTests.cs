using DataSync.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;
using Plan;

namespace DataSync.Tests.Hosting;

public sealed class PlanStageTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("plan-stage-");

    [Fact]
    public void Of_PlanInAConfigMapVolume_FollowsEachProjection()
    {
        var volume = new ConfigMapVolume(_folder.FullName, "migration.json");
        volume.Project(Plan("canary"));
        var stage = new PlanStage(
            new ConfigurationBuilder().AddInMemoryCollection([new("Migration:PlanPath", volume.FilePath)]).Build(),
            new HostingEnvironment { ContentRootPath = _folder.FullName });
        Assert.Equal(Stage.Canary, stage.Of("catalog"));

        // The kubelet swaps a symlink; the file's own link stays as it was.
        volume.Project(Plan("extracted"));

        Assert.Equal(Stage.Extracted, stage.Of("catalog"));
    }

    private static string Plan(string stage) => $$"""
        {
          "legacy": { "service": "legacy" },
          "modules": {
            "catalog": { "routes": ["/api/catalog/{**rest}"], "service": "catalog-service", "stage": "{{stage}}", "canary": { "percent": 10 } }
          }
        }
        """;

    public void Dispose() => _folder.Delete(recursive: true);
}

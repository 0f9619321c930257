using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Shop.BuildingBlocks.Persistence;

namespace Shop.BuildingBlocks.Apis;

public static class Concurrency
{
    /// <summary>
    /// Optimistic concurrency for an update: answers 409 when the client's version is not the current
    /// one, and otherwise makes the database check it too, so a concurrent writer still loses with 409.
    /// </summary>
    public static ProblemHttpResult? CheckVersion<T>(EntityEntry<T> entry, int clientVersion) where T : class, IVersioned
    {
        if (entry.Entity.Version != clientVersion)
        {
            return TypedResults.Problem(
                $"Version {clientVersion} is stale; the current version is {entry.Entity.Version}. Read it again and retry.",
                statusCode: StatusCodes.Status409Conflict,
                title: "The resource was changed by someone else.");
        }

        entry.Property(nameof(IVersioned.Version)).OriginalValue = clientVersion;
        return null;
    }
}

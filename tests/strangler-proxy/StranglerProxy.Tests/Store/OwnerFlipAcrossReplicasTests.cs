using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using StranglerProxy.Tests.Infrastructure;

namespace StranglerProxy.Tests.Store;

/// <summary>
/// The owner flip with three proxy processes on one store, while clients write through all three: every
/// live replica holds the module's writes before the old owner's log counts as drained, so once the flip
/// is answered no replica sends a write to the old owner; every write acknowledged was received once. The
/// same with a replica killed in the middle of the flip, and with one cut off from the store (its
/// connections terminated again and again): the flip is refused while that replica's lease is live, and
/// goes ahead once it has run out, while the cut-off replica takes no writes at all.
/// </summary>
public sealed class OwnerFlipAcrossReplicasTests : IAsyncLifetime
{
    private static readonly object Tables = new { schema = "catalog" };

    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Migration:Store:LeaseDuration"] = "00:00:04",
        ["Migration:Store:RenewInterval"] = "00:00:00.250",
        ["Migration:OwnerFlipFence"] = "00:00:05",
    };

    private readonly ConcurrentBag<Write> _writes = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private StoreReplicas _estate = null!;

    /// <param name="SentAt">The wall clock when it was sent, to compare with the store's record of each replica's hold.</param>
    private sealed record Write(int Replica, TimeSpan Sent, TimeSpan Answered, HttpStatusCode? Status, string? ServedBy, DateTimeOffset SentAt);

    public async ValueTask InitializeAsync()
    {
        _estate = await StoreReplicas.StartAsync(3,
            PlanJson.With(new ModuleSpec("catalog", ProxyHost.Service, "canary", Percent: 0) { Tables = Tables }), Settings);
        _estate.Service.PendingChanges = 0;
    }

    [Fact]
    public async Task Flip_WhileWritingThroughEveryReplica_NoReplicaSendsAWriteToTheOldOwnerOnceTheMoveIsUnderWay()
    {
        using var stop = new CancellationTokenSource();
        // Writers that wait for each answer, and through replicas 2 and 3 a paced one that does not: it keeps
        // sending while the move holds the module's writes, so writes sent under way are certain to exist.
        var writers = Writers(stop.Token, 0, 1, 2).Concat([PacedWriter(stop.Token, 1), PacedWriter(stop.Token, 2)]).ToList();
        // The old owner's log drains only 2.5 s into the move: long enough to see what every replica does meanwhile.
        using var admin = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        var (started, flip) = await StartFlipWhileUndrainedAsync(admin);
        await Task.Delay(TimeSpan.FromMilliseconds(2500), TestContext.Current.CancellationToken);
        _estate.Service.PendingChanges = 0;
        using (var flipped = await flip)
        {
            Assert.Equal(HttpStatusCode.OK, flipped.StatusCode);
        }

        var done = _clock.Elapsed;
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count(w => w.ServedBy == "extracted" && w.Sent > done)), n => n >= 60,
            "writes flow to the service through every replica");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        // A write the monolith took while its log was draining would be missed by the service: every replica
        // confirmed holding the module's writes in the store before the drain counted, and from that moment
        // (this machine's clock, which the store's shares) none of them sent one to the monolith.
        var holds = await HoldsOfTheMoveAsync();
        Assert.Equal(["replica-1", "replica-2", "replica-3"], holds.Keys.Order());
        Assert.All(_writes.Where(w => w.ServedBy == "legacy"), w => Assert.True(w.SentAt < holds[$"replica-{w.Replica + 1}"],
            $"replica {w.Replica + 1} sent a write to the monolith {w.SentAt - holds[$"replica-{w.Replica + 1}"]} after it confirmed holding the module's writes"));
        // Writes sent while the move was under way waited, and went to the new owner.
        Assert.Contains(_writes, w => w.Replica != 0 && w.SentAt > holds[$"replica-{w.Replica + 1}"] && w.Sent < done && w.ServedBy == "extracted");
        AssertOwnership(started, done);
        Assert.All(_writes, w => Assert.Equal(HttpStatusCode.OK, w.Status));
    }

    [Fact]
    public async Task Flip_WithAReplicaKilledInTheMiddle_NoWriteReachesTheOldOwnerAfterIt()
    {
        using var stop = new CancellationTokenSource();
        var writers = Writers(stop.Token, 0, 1, 2);
        // The service's log has not drained: the fence stays up while replica-3 dies holding it.
        using var admin = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        var (started, flip) = await StartFlipWhileUndrainedAsync(admin);
        await Eventually.MatchAsync(OpenFenceHoldersAsync, holders => holders.Contains("replica-3"), "replica-3 holds the module's writes for the move");
        await _estate.Replicas[2].KillAsync();
        _estate.Service.PendingChanges = 0;
        using (var first = await flip)
        {
            Assert.Contains(first.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
            if (first.StatusCode == HttpStatusCode.Conflict)
            {
                // Refused while the dead replica's lease was live; nothing moved. Asked again once it ran out.
                Assert.Equal("canary", (await StoreReplicas.StatusOfAsync(_estate.Replicas[0])).Modules.Single().Stage);
                await FlipAsync(expectApplied: true, retryWhileRefused: true);
            }
        }

        var done = _clock.Elapsed;
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count(w => w.ServedBy == "extracted" && w.Sent > done)), n => n >= 40,
            "writes flow to the service through the live replicas");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        AssertOwnership(started, done);
    }

    [Fact]
    public async Task Flip_WithAReplicaCutOffFromTheStore_ThatReplicaTakesNoWriteAndNoneReachesTheOldOwnerAfterIt()
    {
        using var stop = new CancellationTokenSource();
        var writers = Writers(stop.Token, 0, 1, 2);
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count), n => n >= 60, "writes flow through every replica");

        // Cut off for as long as the first attempt lasts: the replica either confirms nothing and lets its lease
        // run out (the move goes ahead without it), or gets through now and then and keeps its lease (the move
        // is refused at its deadline, and asked again once the replica is back).
        using var cut = new CancellationTokenSource();
        var cutOff = CutOffAsync("replica-3", cut.Token);
        var started = _clock.Elapsed;
        using var admin = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        HttpStatusCode first;
        using (var attempt = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage", new ChangeStageRequest("extracted", null, "owner flip"),
            TestContext.Current.CancellationToken))
        {
            first = attempt.StatusCode;
        }

        var done = _clock.Elapsed;
        await cut.CancelAsync();
        await cutOff;
        if (first != HttpStatusCode.OK)
        {
            Assert.Equal(HttpStatusCode.Conflict, first);
            (_, done) = await FlipAsync(expectApplied: true, retryWhileRefused: true);
        }

        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count(w => w.ServedBy == "extracted" && w.Sent > done)), n => n >= 40,
            "writes flow to the service");

        // Back in touch with the store, the replica serves the new plan before it takes a write.
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count(w => w.Replica == 2 && w.ServedBy == "extracted")), n => n >= 10,
            "the cut-off replica sends writes to the new owner once back");
        await stop.CancelAsync();
        await Task.WhenAll(writers);

        AssertOwnership(started, done);
        Assert.All(_writes.Where(w => w.Status is not HttpStatusCode.OK), w => Assert.Equal((2, HttpStatusCode.ServiceUnavailable), (w.Replica, w.Status!.Value)));
    }

    [Fact]
    public async Task ASecondMoveOfTheSameOwnerThroughAnotherReplica_IsRefusedAtOnceAndTheFirstGoesOn()
    {
        using var stop = new CancellationTokenSource();
        var writers = Writers(stop.Token, 0, 1, 2);
        using var alice = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        var (started, flip) = await StartFlipWhileUndrainedAsync(alice);
        await Eventually.MatchAsync(() => _estate.ScalarAsync("SELECT count(*) FROM migration.fences WHERE outcome IS NULL"), open => open is 1L,
            "replica-1's fence is up");

        using var carol = StoreReplicas.AdminOf(_estate.Replicas[1], ProxyHost.TokenOf("carol"));
        using (var second = await carol.PutAsJsonAsync("/migration/api/modules/catalog/stage", new ChangeStageRequest("extracted", null, "a second mover"),
            TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
            Assert.Contains("another move of the module's data owner", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken),
                StringComparison.Ordinal);
        }

        _estate.Service.PendingChanges = 0;
        using (var first = await flip)
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var done = _clock.Elapsed;
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count(w => w.ServedBy == "extracted" && w.Sent > done)), n => n >= 30,
            "writes flow to the service");
        await stop.CancelAsync();
        await Task.WhenAll(writers);
        AssertOwnership(started, done);
    }

    /// <summary>
    /// Nothing reached the monolith once the flip was answered (a write sent later that the monolith served
    /// would be one a replica still routed by the old plan), none the service before it began, and every
    /// write acknowledged was received once, by one side; refused writes (503) reached neither.
    /// </summary>
    private void AssertOwnership(TimeSpan started, TimeSpan done)
    {
        Assert.All(_writes.Where(w => w.ServedBy == "legacy"), w => Assert.True(w.Sent < done, $"a write sent {w.Sent - done} after the flip reached the monolith through replica {w.Replica + 1}"));
        Assert.All(_writes.Where(w => w.ServedBy == "extracted"), w => Assert.True(w.Answered > started));
        // A write that got no answer (its replica was killed) may or may not have been received; every other one exactly once.
        var (acknowledged, unanswered) = (_writes.Count(w => w.Status == HttpStatusCode.OK), _writes.Count(w => w.Status is null));
        Assert.InRange(_estate.Legacy.Requests + _estate.Service.Requests, acknowledged, acknowledged + unanswered);
    }

    /// <summary>The replicas that confirmed holding the module's writes for the move under way.</summary>
    private async Task<IReadOnlyList<string>> OpenFenceHoldersAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_estate.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new Npgsql.NpgsqlCommand(
            "SELECT h.replica_id FROM migration.fence_holds h JOIN migration.fences f ON f.id = h.fence_id WHERE f.outcome IS NULL", connection);
        await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var holders = new List<string>();
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            holders.Add(reader.GetString(0));
        }

        return holders;
    }

    /// <summary>When each replica confirmed holding the module's writes for the move that was made.</summary>
    private async Task<Dictionary<string, DateTimeOffset>> HoldsOfTheMoveAsync()
    {
        await using var connection = new Npgsql.NpgsqlConnection(_estate.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var read = new Npgsql.NpgsqlCommand(
            "SELECT h.replica_id, h.held_at FROM migration.fence_holds h JOIN migration.fences f ON f.id = h.fence_id WHERE f.outcome = 'moved'", connection);
        await using var reader = await read.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        var holds = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            holds[reader.GetString(0)] = reader.GetFieldValue<DateTimeOffset>(1);
        }

        return holds;
    }

    /// <summary>Once writes flow through every replica, starts the flip while the old owner's log still has changes to drain.</summary>
    private async Task<(TimeSpan Started, Task<HttpResponseMessage> Flip)> StartFlipWhileUndrainedAsync(HttpClient admin)
    {
        await Eventually.MatchAsync(() => Task.FromResult(_writes.Count), n => n >= 60, "writes flow through every replica");
        _estate.Service.PendingChanges = 5;
        var started = _clock.Elapsed;
        return (started, admin.PutAsJsonAsync("/migration/api/modules/catalog/stage", new ChangeStageRequest("extracted", null, "owner flip"),
            TestContext.Current.CancellationToken));
    }

    private async Task<(TimeSpan Started, TimeSpan Done)> FlipAsync(bool expectApplied, bool retryWhileRefused = false)
    {
        using var admin = StoreReplicas.AdminOf(_estate.Replicas[0], ProxyHost.TokenOf("alice"));
        var started = _clock.Elapsed;
        var deadline = started + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var response = await admin.PutAsJsonAsync("/migration/api/modules/catalog/stage", new ChangeStageRequest("extracted", null, "owner flip"),
                TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.Conflict && retryWhileRefused && _clock.Elapsed < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken); // The poll's interval.
                continue;
            }

            Assert.Equal(expectApplied ? HttpStatusCode.OK : HttpStatusCode.Conflict, response.StatusCode);
            return (started, _clock.Elapsed);
        }
    }

    private List<Task> Writers(CancellationToken stop, params int[] replicas) =>
        replicas.SelectMany(replica => Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            var client = _estate.Replicas[replica].Client;
            while (!stop.IsCancellationRequested && !_estate.Replicas[replica].HasExited)
            {
                var sent = _clock.Elapsed;
                var sentAt = DateTimeOffset.UtcNow;
                try
                {
                    var served = await client.SendAsync(HttpMethod.Post, "/api/catalog/products");
                    _writes.Add(new Write(replica, sent, _clock.Elapsed, served.Status, served.ServedBy, sentAt));
                }
                catch (HttpRequestException)
                {
                    // The replica was killed: no answer, so nothing was acknowledged.
                    _writes.Add(new Write(replica, sent, _clock.Elapsed, null, null, sentAt));
                }
            }
        }, CancellationToken.None))).ToList();

    /// <summary>A write every 20 ms through one replica, each sent without waiting for the ones before it to be answered.</summary>
    private Task PacedWriter(CancellationToken stop, int replica) => Task.Run(async () =>
    {
        var client = _estate.Replicas[replica].Client;
        var sends = new List<Task>();
        while (!stop.IsCancellationRequested)
        {
            var sent = _clock.Elapsed;
            var sentAt = DateTimeOffset.UtcNow;
            sends.Add(Task.Run(async () =>
            {
                var served = await client.SendAsync(HttpMethod.Post, "/api/catalog/products");
                _writes.Add(new Write(replica, sent, _clock.Elapsed, served.Status, served.ServedBy, sentAt));
            }, CancellationToken.None));
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(sends);
    }, CancellationToken.None);

    /// <summary>Keeps terminating the replica's connections to the store until cancelled.</summary>
    private async Task CutOffAsync(string replica, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await _estate.ScalarAsync($"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'strangler-proxy {replica}' AND datname = current_database()");
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public ValueTask DisposeAsync() => _estate?.DisposeAsync() ?? ValueTask.CompletedTask;
}

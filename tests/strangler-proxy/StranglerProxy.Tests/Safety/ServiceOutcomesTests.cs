using Microsoft.AspNetCore.Http;
using StranglerProxy.Safety;
using Yarp.ReverseProxy.Forwarder;

namespace StranglerProxy.Tests.Safety;

/// <summary>
/// The one rule of what counts against a service, value by value of YARP's <see cref="ForwarderError"/>:
/// a value YARP adds fails these tests until it is classified here and in <see cref="ServiceOutcomes"/>.
/// </summary>
public sealed class ServiceOutcomesTests
{
    /// <summary>
    /// Every forwarder error with the status YARP leaves in force, and its outcome (by name: the type is
    /// internal) with the client still there and with the client gone. Where the status is the service's
    /// (an answer it had sent), a second row pins that it decides.
    /// </summary>
    public static readonly TheoryData<ForwarderError, int, string, string> Table = new()
    {
        { ForwarderError.None, 200, nameof(ServiceOutcome.Answered), nameof(ServiceOutcome.Answered) },
        { ForwarderError.None, 503, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.Failed) },

        // The client's doing: cancelled, gone, or a body it broke (YARP answers 400 or 502, or had relayed the service's status).
        { ForwarderError.RequestCanceled, 400, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.RequestBodyCanceled, 400, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.RequestBodyClient, 400, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.ResponseBodyCanceled, 502, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.ResponseBodyClient, 500, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.UpgradeRequestCanceled, 101, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.UpgradeRequestClient, 101, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.UpgradeResponseCanceled, 101, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.UpgradeResponseClient, 101, nameof(ServiceOutcome.ClientFault), nameof(ServiceOutcome.ClientFault) },

        // The service, before any answer: unless the client had gone too.
        { ForwarderError.Request, 502, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.RequestTimedOut, 504, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.ResponseHeaders, 502, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.NoAvailableDestinations, 503, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },

        // The service's side broke mid-exchange: YARP aborts the client's connection itself afterwards.
        { ForwarderError.ResponseBodyDestination, 200, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.Failed) },
        { ForwarderError.ResponseBodyDestination, 502, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.Failed) },
        { ForwarderError.UpgradeRequestDestination, 101, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.Failed) },
        { ForwarderError.UpgradeResponseDestination, 101, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.Failed) },

        // The service stopped reading the body: YARP's 502/504 before an answer, or the service's own answer after.
        { ForwarderError.RequestBodyDestination, 502, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.RequestBodyDestination, 504, nameof(ServiceOutcome.Failed), nameof(ServiceOutcome.ClientFault) },
        { ForwarderError.RequestBodyDestination, 413, nameof(ServiceOutcome.Answered), nameof(ServiceOutcome.ClientFault) },

        // Nobody's failure, or not the service's.
        { ForwarderError.RequestCreation, 502, nameof(ServiceOutcome.ProxyFault), nameof(ServiceOutcome.ProxyFault) },
        { ForwarderError.UpgradeActivityTimeout, 101, nameof(ServiceOutcome.Idle), nameof(ServiceOutcome.Idle) },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Of_ForwarderError_IsClassifiedWhetherOrNotTheClientIsGone(ForwarderError error, int statusCode, string clientThere, string clientGone)
    {
        Assert.Equal(clientThere, ServiceOutcomes.Of(error, statusCode, clientGone: false).ToString());
        Assert.Equal(clientGone, ServiceOutcomes.Of(error, statusCode, clientGone: true).ToString());
    }

    [Fact]
    public void Of_EveryForwarderErrorOfYarp_IsClassifiedAndInTheTable()
    {
        var tabled = Table.Select(row => row.Data.Item1).ToHashSet();

        foreach (var error in Enum.GetValues<ForwarderError>())
        {
            Assert.True(tabled.Contains(error), $"ForwarderError.{error} is not in the table of this test.");
            foreach (var status in new[] { 101, 200, 400, 502, 504 })
            {
                Assert.NotEqual(ServiceOutcome.Unclassified, ServiceOutcomes.Of(error, status, clientGone: false));
                Assert.NotEqual(ServiceOutcome.Unclassified, ServiceOutcomes.Of(error, status, clientGone: true));
            }
        }
    }

    [Theory]
    [InlineData(200, nameof(ServiceOutcome.Answered))]
    [InlineData(404, nameof(ServiceOutcome.Answered))]
    [InlineData(500, nameof(ServiceOutcome.Failed))]
    [InlineData(503, nameof(ServiceOutcome.Failed))]
    public void Of_WholeAnswerOfTheService_IsItsStatusEvenIfTheClientLeftAfter(int statusCode, string expected)
    {
        var context = new DefaultHttpContext { RequestAborted = new CancellationToken(canceled: true) };
        context.Response.StatusCode = statusCode;

        Assert.Equal(expected, ServiceOutcomes.Of(context).ToString());
    }

    [Theory]
    [InlineData(ForwarderError.Request, 502, false, nameof(ServiceOutcome.Failed))]
    [InlineData(ForwarderError.Request, 502, true, nameof(ServiceOutcome.ClientFault))]
    [InlineData(ForwarderError.RequestBodyClient, 400, false, nameof(ServiceOutcome.ClientFault))]
    [InlineData(ForwarderError.ResponseBodyDestination, 200, true, nameof(ServiceOutcome.Failed))]
    public void Of_ContextWithAForwarderError_ReadsTheStatusAndWhetherTheRequestWasAborted(
        ForwarderError error, int statusCode, bool aborted, string expected)
    {
        var context = new DefaultHttpContext { RequestAborted = new CancellationToken(aborted) };
        context.Response.StatusCode = statusCode;
        context.Features.Set<IForwarderErrorFeature>(new Failure(error));

        Assert.Equal(expected, ServiceOutcomes.Of(context).ToString());
    }

    private sealed record Failure(ForwarderError Error) : IForwarderErrorFeature
    {
        public Exception? Exception => null;
    }
}

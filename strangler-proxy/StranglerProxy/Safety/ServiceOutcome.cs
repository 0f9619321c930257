using Yarp.ReverseProxy.Forwarder;

namespace StranglerProxy.Safety;

/// <summary>What a forwarded request says about the service that was to answer it.</summary>
internal enum ServiceOutcome
{
    /// <summary>The service answered, below 500.</summary>
    Answered,

    /// <summary>The service failed: a 5xx of its own, a refused or reset connection, a timeout waiting for it, no healthy destination.</summary>
    Failed,

    /// <summary>The client went away or sent a broken body: nothing about the service, so it is not counted at all.</summary>
    ClientFault,

    /// <summary>The proxy could not even build the request: not the service's doing either.</summary>
    ProxyFault,

    /// <summary>An upgraded connection (a WebSocket) on which neither side sent anything for the activity timeout: nobody failed.</summary>
    Idle,

    /// <summary>A forwarder error this proxy does not know yet: not counted rather than guessed (a test fails until it is classified).</summary>
    Unclassified,
}

/// <summary>
/// The one rule of what counts against a service (automatic rollback, failure counts, fallback, metrics):
/// only what the service did. Otherwise any client could roll a module back by aborting its requests.
/// </summary>
internal static class ServiceOutcomes
{
    /// <summary>The outcome of the forward just done. Without a forwarder error (the success path) it costs one feature lookup.</summary>
    public static ServiceOutcome Of(HttpContext context)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure)
        {
            // The service's own answer, relayed whole: its status is its verdict, whatever the client did after.
            return context.Response.StatusCode >= 500 ? ServiceOutcome.Failed : ServiceOutcome.Answered;
        }

        return Of(failure.Error, context.Response.StatusCode, context.RequestAborted.IsCancellationRequested);
    }

    /// <summary>
    /// The outcome of a forward YARP ended with <paramref name="error"/>; <paramref name="statusCode"/> is the
    /// status then in force, <paramref name="clientGone"/> whether the client's request was aborted.
    /// </summary>
    public static ServiceOutcome Of(ForwarderError error, int statusCode, bool clientGone) => error switch
    {
        ForwarderError.None => statusCode >= 500 ? ServiceOutcome.Failed : ServiceOutcome.Answered,

        // The client cancelled or went away, broke the body it sent, or stopped taking the answer.
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeResponseCanceled or ForwarderError.UpgradeResponseClient => ServiceOutcome.ClientFault,

        // Before any answer: refused or reset connection, timeout, unusable headers, no healthy destination. A client
        // that went away meanwhile makes the request its own, as YARP's passive health check also judges.
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.ResponseHeaders
            or ForwarderError.NoAvailableDestinations => clientGone ? ServiceOutcome.ClientFault : ServiceOutcome.Failed,

        // The service's side broke mid-exchange. A client leaving first would have surfaced as *Canceled or *Client;
        // YARP then aborts the client's connection itself, so an aborted request proves nothing here.
        ForwarderError.ResponseBodyDestination or ForwarderError.UpgradeRequestDestination
            or ForwarderError.UpgradeResponseDestination => ServiceOutcome.Failed,

        // The service stopped reading the body: before answering, YARP gave the client 502/504; after answering
        // (a 413 to an upload it refuses, say), the service's own status is its verdict.
        ForwarderError.RequestBodyDestination => clientGone ? ServiceOutcome.ClientFault
            : statusCode >= 500 ? ServiceOutcome.Failed : ServiceOutcome.Answered,

        ForwarderError.RequestCreation => ServiceOutcome.ProxyFault,
        ForwarderError.UpgradeActivityTimeout => ServiceOutcome.Idle,
        _ => ServiceOutcome.Unclassified,
    };
}

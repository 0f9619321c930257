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
}

/// <summary>
/// The one rule of what counts against a service (automatic rollback, failure counts): only what the
/// service did. Otherwise any client could roll a module back by aborting its requests.
/// </summary>
internal static class ServiceOutcomes
{
    public static ServiceOutcome Of(HttpContext context)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is not { } failure)
        {
            // The service's own answer (YARP set no error): its status is its verdict, whatever the client did after.
            return context.Response.StatusCode >= 500 ? ServiceOutcome.Failed : ServiceOutcome.Answered;
        }

        // A client that went away makes YARP give up on the service too: that is the client's doing.
        return context.RequestAborted.IsCancellationRequested ? ServiceOutcome.ClientFault : Of(failure.Error);
    }

    public static ServiceOutcome Of(ForwarderError error) => error switch
    {
        ForwarderError.None => ServiceOutcome.Answered,
        ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
            or ForwarderError.ResponseHeaders or ForwarderError.ResponseBodyDestination
            or ForwarderError.UpgradeRequestDestination or ForwarderError.UpgradeResponseDestination
            or ForwarderError.UpgradeActivityTimeout or ForwarderError.NoAvailableDestinations => ServiceOutcome.Failed,
        ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.RequestBodyClient
            or ForwarderError.ResponseBodyCanceled or ForwarderError.ResponseBodyClient
            or ForwarderError.UpgradeRequestCanceled or ForwarderError.UpgradeRequestClient
            or ForwarderError.UpgradeResponseCanceled or ForwarderError.UpgradeResponseClient => ServiceOutcome.ClientFault,
        ForwarderError.RequestCreation => ServiceOutcome.ProxyFault,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, "A forwarder error this proxy does not classify yet."),
    };
}

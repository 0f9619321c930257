using Microsoft.Extensions.Options;

namespace StranglerProxy.Edge;

/// <summary>
/// Answers 413 for a request whose declared Content-Length exceeds the limit, before a backend sees any
/// of it. Bodies without a declared length are cut by the server's own limit while they stream.
/// </summary>
internal sealed class DeclaredBodySizeMiddleware(RequestDelegate next, IOptions<EdgeOptions> edge)
{
    private readonly long? _limit = edge.Value.MaxRequestBodySize;

    public Task InvokeAsync(HttpContext context)
    {
        if (_limit is not { } limit || context.Request.ContentLength is not { } length || length <= limit)
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large.",
                Detail = $"This route accepts bodies of at most {limit} bytes; this one declares {length}.",
            },
        }).AsTask();
    }
}

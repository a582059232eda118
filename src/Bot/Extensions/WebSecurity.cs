using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Bot.Extensions;

/// <summary>What every response carries, and what the pipeline believes of a proxy.</summary>
public static class WebSecurity
{
    /// <summary>
    /// For the pages (the chat, the sources, the operator's view): scripts only from the bot itself, styles
    /// also inline (Web Chat writes its own), pictures also as data and blobs, connections only back to the bot.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; " +
        "connect-src 'self'; media-src 'self' data: blob:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    public static WebApplication UseWebSecurity(this WebApplication app)
    {
        var trusted = app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Trusted;
        if (trusted.Count > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var entry in trusted)
            {
                if (IPAddress.TryParse(entry, out var address))
                    forwarded.KnownProxies.Add(address);
                else
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
            }
            app.UseForwardedHeaders(forwarded);
        }
        app.Use((http, next) =>
        {
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                    headers["Referrer-Policy"] = "same-origin";
                }
                return Task.CompletedTask;
            });
            return next(http);
        });
        return app;
    }
}

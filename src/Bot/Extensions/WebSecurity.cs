using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Bot.Extensions;

/// <summary>The reverse proxies in front of the bot whose X-Forwarded-For and X-Forwarded-Proto it believes.</summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string Section = "Proxy";

    /// <summary>
    /// Addresses (10.0.0.4) or networks (10.0.0.0/24) of trusted proxies. Empty (the default): the headers are
    /// ignored, since anyone can send them, and every client is known by the address it connects from.
    /// </summary>
    public List<string> Trusted { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var entry in Trusted)
        {
            if (!IPAddress.TryParse(entry, out _) && !System.Net.IPNetwork.TryParse(entry, out _))
                yield return new ValidationResult($"Proxy:Trusted holds '{entry}', which is neither an address nor a network such as 10.0.0.0/24.", [nameof(Trusted)]);
        }
    }
}

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

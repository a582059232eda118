using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Bot.BotFramework.Auth;

/// <summary>
/// Gets the bot's token from Entra ID with MSAL: client secret, certificate, or a user-assigned managed
/// identity. MSAL caches the token and renews it near expiry. Nothing is asked of Entra at start-up: the
/// client is built when the first reply is sent, so a bot whose channel only uses expectReplies never signs in.
/// </summary>
public sealed class MsalBotTokenProvider(IOptions<BotAuthOptions> options, IHttpClientFactory httpClients) : IBotTokenProvider
{
    readonly BotAuthOptions _options = options.Value;
    readonly Lazy<Func<CancellationToken, Task<string>>> _acquire = new(() => Build(options.Value, httpClients));

    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken) =>
        _options.IsAuthenticated ? await _acquire.Value(cancellationToken).ConfigureAwait(false) : null;

    static Func<CancellationToken, Task<string>> Build(BotAuthOptions options, IHttpClientFactory httpClients)
    {
        var http = new MsalHttpClients(httpClients);
        if (options.MicrosoftAppType == BotAppType.UserAssignedMSI)
        {
            var identity = ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(options.MicrosoftAppId!))
                .WithHttpClientFactory(http)
                .Build();
            // Managed identity asks for a resource, not a scope.
            var resource = options.ConnectorScope.Replace("/.default", "", StringComparison.Ordinal);
            return async token => (await identity.AcquireTokenForManagedIdentity(resource).ExecuteAsync(token).ConfigureAwait(false)).AccessToken;
        }

        var builder = ConfidentialClientApplicationBuilder
            .Create(options.MicrosoftAppId)
            .WithAuthority($"{options.AuthorityHost.AbsoluteUri.TrimEnd('/')}/{options.TokenTenant}", validateAuthority: false)
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(http);
        builder = options.MicrosoftAppCertificatePath is { Length: > 0 } path
            ? builder.WithCertificate(X509CertificateLoader.LoadPkcs12FromFile(path, options.MicrosoftAppCertificatePassword), sendX5C: true)
            : builder.WithClientSecret(options.MicrosoftAppPassword);
        var client = builder.Build();
        string[] scopes = [options.ConnectorScope];
        return async token => (await client.AcquireTokenForClient(scopes).ExecuteAsync(token).ConfigureAwait(false)).AccessToken;
    }

    /// <summary>MSAL's HTTP goes through the host's HttpClientFactory, so handlers are pooled and tests can reach a local login server.</summary>
    sealed class MsalHttpClients(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(nameof(MsalBotTokenProvider));
    }
}

using Bot.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Benchmarks;

/// <summary>The bot's web host as <c>Program.cs</c> builds it, started on a free loopback port.</summary>
public static class BotServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync(
        string[] args,
        Action<WebApplicationBuilder> configure,
        Action<WebApplication>? mapMore = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        configure(builder);
        builder.AddAnswering();
        builder.AddChannels();
        var app = builder.Build();
        app.MapBot();
        mapMore?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>
    /// The answering pipeline without a web server, as the command line builds it, with these settings and,
    /// when given, an embedding model already loaded: for runs that answer many questions in-process.
    /// </summary>
    public static IHost Pipeline(IEnumerable<KeyValuePair<string, string?>> settings, IEmbeddingGenerator<string, Embedding<float>>? model = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.AddAnswering();
        builder.AddChannels();
        if (model is not null)
            builder.Services.AddSingleton(model);
        var host = builder.Build();
        host.Services.WarmUp();
        return host;
    }

    /// <summary>A question as the Emulator posts it to /api/messages, asking for the replies in the response.</summary>
    public static object Message(string conversation, string text) => new
    {
        type = "message",
        id = "a1",
        channelId = "emulator",
        serviceUrl = "http://127.0.0.1:1/",
        deliveryMode = "expectReplies",
        from = new { id = "user" },
        recipient = new { id = "bot" },
        conversation = new { id = conversation },
        text,
    };
}

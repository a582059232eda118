using Bot.Extensions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

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
}

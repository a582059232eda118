using System.Net;
using System.Net.Http.Json;
using Bot.Tests.Support;

namespace Bot.Tests.Deploy;

public sealed class StartUpTests
{
    [Fact]
    public async Task The_settings_file_beside_the_bot_applies_whichever_folder_it_is_started_from()
    {
        using var folder = new TempFolder();
        await using var bot = await BotProcess.StartAsync();

        var response = await bot.Http.PostAsJsonAsync("/api/messages", Activities.Message("Is there a peace treaty?"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await bot.WaitForOutputAsync("Content root path");

        Assert.Contains($"Content root path: {AppContext.BaseDirectory}", bot.Output, StringComparison.Ordinal);
        // appsettings.json turns ASP.NET Core's line per request down to warnings; without it, every request is logged.
        Assert.DoesNotContain("Request starting", bot.Output, StringComparison.Ordinal);
    }
}

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

    [Theory]
    [InlineData("Corpus:Path", "/no/such/corpus", "Corpus:Path is '/no/such/corpus', and there is no such folder")]
    [InlineData("Bot:Name", "japan russia bot", "Bot:Name must be 1 to 64 letters")]
    [InlineData("Llm:Timeout", "00:30:00", "Timeout")]
    [InlineData("Channels:SendBudget", "00:00:00", "SendBudget")]
    [InlineData("Proxy:Trusted:0", "not-an-address", "neither an address nor a network")]
    public async Task A_setting_that_cannot_work_stops_start_up_and_says_which(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key.StartsWith("Llm:", StringComparison.Ordinal))
        {
            settings["Llm:Endpoint"] = "http://127.0.0.1:1/v1";
            settings["Llm:Model"] = "m";
        }

        var failure = await BotApp.StartFailureAsync(settings);

        Assert.NotNull(failure);
        Assert.Contains(message, failure.ToString(), StringComparison.Ordinal);
    }
}

using Bot.Channels;
using Bot.Channels.DirectLine;
using Bot.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Channels;

public sealed class DirectLineStoreTests
{
    static InMemoryDirectLineStore Store(TimeProvider clock, int maxConversations = 100, int activitiesKept = 10) =>
        new(Options.Create(new DirectLineOptions { MaxConversations = maxConversations, ActivitiesKept = activitiesKept }), clock);

    [Fact]
    public async Task Many_web_chats_opened_at_once_past_the_cap_open_without_error()
    {
        var store = Store(TimeProvider.System, maxConversations: 5_000);

        await Parallel.ForAsync(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await store.StartAsync($"c{i}", token));

        Assert.NotNull(await store.ReadAsync("c199999", null, default));
    }

    [Fact]
    public async Task A_long_conversation_keeps_its_latest_activities_and_its_watermark_keeps_counting()
    {
        var store = Store(Some.Clock(), activitiesKept: 10);
        await store.StartAsync("c", default);

        for (var i = 0; i < 25; i++)
            await store.AppendAsync("c", new Activity { Type = "message", Text = $"m{i}" }, default);
        var all = await store.ReadAsync("c", null, default);
        var after20 = await store.ReadAsync("c", 20, default);

        Assert.Equal(10, all!.Activities.Count);
        Assert.Equal("m15", all.Activities[0].Text);
        Assert.Equal("25", all.Watermark);
        Assert.Equal(["m20", "m21", "m22", "m23", "m24"], after20!.Activities.Select(a => a.Text));
        Assert.Equal("c|0000025", all.Activities[^1].Id);
    }

    [Fact]
    public async Task Past_the_cap_the_least_recently_active_conversations_are_dropped()
    {
        var clock = Some.Clock();
        var store = Store(clock, maxConversations: 10);

        for (var i = 0; i < 30; i++)
        {
            await store.StartAsync($"c{i}", default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(store.Count, 1, 10);
        Assert.True(await store.ExistsAsync("c29", default));
        Assert.False(await store.ExistsAsync("c0", default));
    }

    [Fact]
    public async Task Starting_again_after_expiry_begins_a_fresh_stream_whose_watermark_does_not_go_back()
    {
        var clock = Some.Clock();
        var store = Store(clock);
        await store.StartAsync("c", default);
        await store.AppendAsync("c", new Activity { Type = "message", Text = "old" }, default);

        clock.Advance(TimeSpan.FromHours(2));
        var restarted = await store.StartAsync("c", default);
        await store.AppendAsync("c", new Activity { Type = "message", Text = "new" }, default);
        var page = await store.ReadAsync("c", null, default);

        Assert.True(restarted);
        Assert.Equal(["new"], page!.Activities.Select(a => a.Text));
        Assert.Equal("2", page.Watermark);
    }
}

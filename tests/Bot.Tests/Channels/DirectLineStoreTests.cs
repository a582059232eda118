using Bot.BotFramework;
using Bot.Channels.DirectLine;
using Bot.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Channels;

public sealed class DirectLineStoreTests
{
    static InMemoryDirectLineStore Store(TimeProvider clock, int maxConversations = 100, int activitiesKept = 10, int conversationBytes = 256 * 1024, long storeBytes = 64L * 1024 * 1024) =>
        new(Options.Create(new DirectLineOptions { MaxConversations = maxConversations, ActivitiesKept = activitiesKept, MaxConversationBytes = conversationBytes, MaxStoreBytes = storeBytes }), clock);

    [Fact]
    public async Task A_conversation_of_large_messages_keeps_no_more_bytes_than_its_cap_and_the_newest_message()
    {
        var store = Store(Some.Clock(), activitiesKept: 200, conversationBytes: 64 * 1024);
        await store.StartAsync("c", default);

        for (var i = 0; i < 50; i++)
            await store.AppendAsync("c", new Activity { Type = "message", Text = $"m{i} " + new string('x', 10_000) }, default);
        var kept = (await store.ReadAsync("c", null, default))!.Activities;

        Assert.InRange(store.Bytes, 50_000, 64 * 1024);
        Assert.InRange(kept.Count, 5, 6);
        Assert.StartsWith("m49 ", kept[^1].Text, StringComparison.Ordinal);
        Assert.Equal("50", (await store.ReadAsync("c", null, default))!.Watermark);
    }

    [Fact]
    public async Task Many_conversations_of_large_messages_stay_under_the_store_s_byte_cap_by_ending_the_least_recent()
    {
        var clock = Some.Clock();
        var store = Store(clock, maxConversations: 10_000, activitiesKept: 200, conversationBytes: 64 * 1024, storeBytes: 1024 * 1024);

        for (var c = 0; c < 100; c++)
        {
            await store.StartAsync($"c{c}", default);
            for (var i = 0; i < 10; i++)
                await store.AppendAsync($"c{c}", new Activity { Type = "message", Text = new string('x', 5_000) }, default);
            clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.InRange(store.Bytes, 1, 1024 * 1024);
        Assert.Null(await store.ReadAsync("c0", null, default));
        Assert.NotNull(await store.ReadAsync("c99", null, default));
    }

    [Fact]
    public async Task Many_web_chats_opened_at_once_past_the_cap_open_without_error_and_the_cap_holds_afterwards()
    {
        var store = Store(TimeProvider.System, maxConversations: 5_000);

        await Parallel.ForAsync(0, 200_000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, token) =>
            await store.StartAsync($"c{i}", token));

        Assert.NotNull(await store.ReadAsync("c199999", null, default));
        Assert.InRange(store.Count, 1, 5_000);
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

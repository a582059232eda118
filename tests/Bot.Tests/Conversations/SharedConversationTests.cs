using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.BotFramework;
using Bot.Channels;
using Bot.Channels.DirectLine;
using Bot.Conversations;
using Bot.Storage;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Npgsql;
using Stopwatch = System.Diagnostics.Stopwatch;

namespace Bot.Tests.Conversations;

/// <summary>
/// Several instances of the bot sharing one real PostgreSQL: conversations, web chats and feedback move
/// between instances and survive a killed process; a database that stops or hangs costs context, not answers.
/// </summary>
[Collection(SharedPostgres.Name)]
public sealed class SharedConversationTests(PostgresServer server)
{
    const string Question = "Did Medvedev visit the Kuril Islands?";
    const string FollowUp = "When did he visit again?";

    static BotApp Instance(string connectionString, Dictionary<string, string?>? more = null, TimeProvider? clock = null)
    {
        // The production limit (2 s) is for a database that has gone silent; on a test run sharing two cores with
        // every other test, a healthy first query can take longer. Tests of the limit set their own.
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Conversations"] = connectionString, ["Conversations:Database:Timeout"] = "00:00:15" };
        foreach (var (key, value) in more ?? [])
            settings[key] = value;
        return new BotApp(settings) { Clock = clock };
    }

    static ConversationDatabase Database(string connectionString, TimeProvider? clock = null, TimeSpan? timeout = null) =>
        new(Options.Create(new ConversationDatabaseOptions { ConnectionString = connectionString, Timeout = timeout ?? TimeSpan.FromSeconds(5) }), clock ?? TimeProvider.System, NullLoggerFactory.Instance);

    static async Task<string> AnswerTextAsync(HttpClient http, string text, string conversationId)
    {
        var response = await http.PostAsJsonAsync("/api/messages", Activities.Message(text, conversationId));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var replies = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        return (string)replies.Single(r => (string?)r!["type"] == "message")!["text"]!;
    }

    static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [PostgresFact]
    public async Task A_question_declined_on_one_instance_shows_on_the_other_instance_s_operator_page()
    {
        var connection = await server.NewDatabaseAsync();
        var key = new Dictionary<string, string?> { ["Operator:Key"] = "operator-key-for-the-tests-0123" };
        await using var first = Instance(connection, key);
        await using var second = Instance(connection, key);

        await AnswerTextAsync(first.CreateClient(), "What is the capital of France?", "declined-here");
        // The note is written behind the reply, on the first instance.
        Assert.True(await first.Services.GetRequiredService<ShortfallNotes>().FlushAsync(TimeSpan.FromSeconds(10)));
        var http = second.CreateClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "operator-key-for-the-tests-0123");
        var page = await http.GetStringAsync("/operator");

        Assert.Contains("<td>What is the capital of France?</td><td class=\"n\">1</td>", page, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM bot_feedback WHERE reaction = 'declined'"));
    }

    [PostgresFact]
    public async Task Instances_starting_together_create_the_schema_once_and_a_second_start_changes_nothing()
    {
        var connection = await server.NewDatabaseAsync();
        var instances = Enumerable.Range(0, 8).Select(_ => Database(connection)).ToList();

        await Task.WhenAll(instances.Select(d => d.EnsureSchemaAsync(default)));
        await using var later = Database(connection);
        await later.EnsureSchemaAsync(default);

        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM bot_schema"));
        Assert.Equal(ConversationSchema.Version, await ScalarAsync(connection, "SELECT version FROM bot_schema"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'bot_turns'"));
        foreach (var instance in instances)
            await instance.DisposeAsync();
    }

    [PostgresFact]
    public async Task Turns_of_one_conversation_added_at_two_instances_at_once_are_all_kept()
    {
        var connection = await server.NewDatabaseAsync();
        await using var first = Database(connection);
        await using var second = Database(connection);
        var options = Options.Create(new ConversationOptions { TurnsKept = 100 });
        var stores = new[] { new PostgresConversationStore(first, options, TimeProvider.System), new PostgresConversationStore(second, options, TimeProvider.System) };

        await Parallel.ForAsync(0, 80, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await stores[i % 2].AppendAsync("c", Turn($"question {i}", $"t{i}"), token));
        var turns = await stores[0].RecentTurnsAsync("c", default);

        Assert.Equal(80, turns.Count);
        Assert.Equal(80, turns.Select(t => t.Id).Distinct().Count());
        Assert.Equal(80, await ScalarAsync(connection, "SELECT last_turn FROM bot_conversations WHERE id = 'c'"));
    }

    [PostgresFact]
    public async Task Web_chat_activities_added_at_two_instances_at_once_are_numbered_without_gaps_and_watermarks_never_go_back()
    {
        var connection = await server.NewDatabaseAsync();
        await using var first = Database(connection);
        await using var second = Database(connection);
        var options = Options.Create(new DirectLineOptions { ActivitiesKept = 1000 });
        var stores = new[] { new PostgresDirectLineStore(first, options, TimeProvider.System), new PostgresDirectLineStore(second, options, TimeProvider.System) };
        Assert.True(await stores[0].StartAsync("c", default));
        Assert.False(await stores[1].StartAsync("c", default));

        // A poller reads from the other instance all along, as Web Chat would after a load balancer moved it.
        var seen = new List<string>();
        var watermarks = new List<long>();
        using var stop = new CancellationTokenSource();
        var poller = Task.Run(async () =>
        {
            long? watermark = null;
            while (true)
            {
                var done = stop.IsCancellationRequested;
                var page = await stores[1].ReadAsync("c", watermark, default);
                seen.AddRange(page!.Activities.Select(a => a.Text!));
                watermark = long.Parse(page.Watermark, System.Globalization.CultureInfo.InvariantCulture);
                watermarks.Add(watermark.Value);
                if (done)
                    return;
            }
        });
        await Parallel.ForAsync(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
            await stores[i % 2].AppendAsync("c", new Activity { Type = "message", Text = $"m{i}" }, token));
        await stop.CancelAsync();
        await poller;

        var all = await stores[0].ReadAsync("c", null, default);
        Assert.Equal(Enumerable.Range(1, 200).Select(n => $"c|{n:D7}"), all!.Activities.Select(a => a.Id));
        Assert.Equal("200", all.Watermark);
        Assert.Equal(200, seen.Count);
        Assert.Equal(200, seen.Distinct().Count());
        Assert.Equal(watermarks.Order(), watermarks);
    }

    [PostgresFact]
    public async Task Conversations_and_web_chats_idle_past_their_expiry_are_forgotten_then_deleted()
    {
        var connection = await server.NewDatabaseAsync();
        var clock = Some.Clock();
        await using var database = Database(connection, clock);
        var conversations = new PostgresConversationStore(database, Options.Create(new ConversationOptions { TurnsKept = 2, IdleExpiry = TimeSpan.FromHours(1) }), clock);
        var webChats = new PostgresDirectLineStore(database, Options.Create(new DirectLineOptions { IdleExpiry = TimeSpan.FromHours(1) }), clock);
        for (var i = 0; i < 3; i++)
            await conversations.AppendAsync("old", Turn($"q{i}", $"t{i}"), default);
        await webChats.StartAsync("old-chat", default);
        await webChats.AppendAsync("old-chat", new Activity { Type = "message", Text = "hello" }, default);
        var kept = await conversations.RecentTurnsAsync("old", default);

        clock.Advance(TimeSpan.FromMinutes(61));
        await conversations.AppendAsync("new", Turn("q", "t"), default);
        var forgotten = await conversations.RecentTurnsAsync("old", default);
        var chatEnded = !await webChats.ExistsAsync("old-chat", default);
        var sweeper = new ExpiredRowSweeper([conversations, webChats], Options.Create(new ConversationDatabaseOptions()), clock, NullLogger<ExpiredRowSweeper>.Instance);
        await sweeper.SweepAsync(default);

        Assert.Equal(["q1", "q2"], kept.Select(t => t.Question));
        Assert.Empty(forgotten);
        Assert.True(chatEnded);
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM bot_turns WHERE conversation_id = 'old'"));
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM bot_webchat_activities"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM bot_conversations"));
    }

    [PostgresFact]
    public async Task A_follow_up_asked_of_a_second_instance_is_answered_in_the_context_of_the_first()
    {
        var connection = await server.NewDatabaseAsync();
        await using var first = Instance(connection);
        await using var second = Instance(connection);

        var answer = await AnswerTextAsync(first.CreateClient(), Question, "moving");
        var followUp = await AnswerTextAsync(second.CreateClient(), FollowUp, "moving");
        var withoutContext = await AnswerTextAsync(second.CreateClient(), FollowUp, "elsewhere");

        Assert.Contains("2010", answer, StringComparison.Ordinal);
        Assert.Contains("2012", followUp, StringComparison.Ordinal);
        Assert.DoesNotContain("2012", withoutContext, StringComparison.Ordinal);
    }

    [PostgresFact]
    public async Task Two_questions_of_one_conversation_at_two_instances_at_once_are_both_answered_and_both_kept()
    {
        var connection = await server.NewDatabaseAsync();
        await using var first = Instance(connection);
        await using var second = Instance(connection);

        var answers = await Task.WhenAll(
            AnswerTextAsync(first.CreateClient(), "Who won the Russo-Japanese War?", "both"),
            AnswerTextAsync(second.CreateClient(), Question, "both"));
        var turns = await first.Services.GetRequiredService<IConversationStore>().RecentTurnsAsync("3:api|8:emulator|4:both", default);

        Assert.Contains("victor", answers[0], StringComparison.Ordinal);
        Assert.Contains("2010", answers[1], StringComparison.Ordinal);
        Assert.Equal(["Did Medvedev visit the Kuril Islands?", "Who won the Russo-Japanese War?"], turns.Select(t => t.Question).Order());
    }

    [PostgresFact]
    public async Task A_web_chat_started_on_one_instance_is_polled_and_continued_on_the_other_and_its_feedback_lands_in_the_database()
    {
        var connection = await server.NewDatabaseAsync();
        await using var first = Instance(connection);
        await using var second = Instance(connection);
        var onFirst = await DirectLineClient.FromPageTokenAsync(first.CreateClient());
        await onFirst.StartAsync();
        await onFirst.NextBotMessageAsync();
        var askedOnFirst = await onFirst.SayAsync(Question);

        var onSecond = onFirst.Through(second.CreateClient());
        var answer = await onSecond.AnswerToAsync(askedOnFirst);
        var followUp = await onSecond.AskAsync(FollowUp);
        var like = answer["entities"]![0]!["potentialAction"]![0]!.DeepClone();
        var pressed = await onFirst.Through(first.CreateClient()).PostAsync(new { type = "event", name = ActivityHandler.WebChatFeedbackEvent, entities = new[] { like } });
        var everything = JsonNode.Parse(await (await onFirst.GetAsync()).Content.ReadAsStringAsync())!;

        Assert.Contains("2010", (string)answer["text"]!, StringComparison.Ordinal);
        Assert.Contains("2012", (string)followUp["text"]!, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, pressed.StatusCode);
        var ids = everything["activities"]!.AsArray().Select(a => (string)a!["id"]!).ToList();
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
        Assert.Contains(ids, id => id == askedOnFirst);
        for (var i = 0; i < 100 && await ScalarAsync(connection, "SELECT count(*) FROM bot_feedback") == 0; i++)
            await Task.Delay(25);
        await using var read = new NpgsqlConnection(connection);
        await read.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT reaction, question, conversation_id FROM bot_feedback", read);
        await using var row = await command.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal("like", row.GetString(0));
        Assert.Equal(Question, row.GetString(1));
        Assert.Equal(onFirst.ConversationId, row.GetString(2));
        Assert.False(File.Exists(first.FeedbackFile));
    }

    [PostgresFact]
    public async Task A_web_chat_message_its_instance_stopped_before_answering_is_answered_by_another_instance_once()
    {
        var connection = await server.NewDatabaseAsync();
        // One clock for both instances, as they would share the time of day; only the test moves it. The
        // database's time limit is longer than any one move, so a move never cuts a query short.
        var clock = Some.Clock();
        var settings = new Dictionary<string, string?> { ["Conversations:Database:Timeout"] = "00:01:00" };
        await using var stopping = Instance(connection, settings, clock);
        await using var other = Instance(connection, settings, clock);
        var onStopping = await DirectLineClient.FromPageTokenAsync(stopping.CreateClient());
        await onStopping.StartAsync();
        await onStopping.NextBotMessageAsync();
        var onOther = onStopping.Through(other.CreateClient());

        // The instance begins to shut down, its services stopping in the host's order (the last registered
        // first): it still takes the message, but its turn is cancelled before any reply.
        foreach (var service in stopping.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Reverse())
        {
            if (service is UnansweredMessages or BackgroundTurns)
                await service.StopAsync(CancellationToken.None);
        }
        var unanswered = await onStopping.SayAsync(Question);
        await Task.Delay(200);
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM bot_webchat_activities WHERE answer_due IS NOT NULL"));
        var answeredNormally = await onOther.SayAsync("Who won the Russo-Japanese War?");
        await onOther.AnswerToAsync(answeredNormally);

        clock.Advance(TimeSpan.FromSeconds(31));
        var answer = await onOther.AnswerToAsync(unanswered);
        clock.Advance(TimeSpan.FromSeconds(31));
        clock.Advance(TimeSpan.FromSeconds(31));
        await Task.Delay(300);
        var stream = JsonNode.Parse(await (await onOther.GetAsync()).Content.ReadAsStringAsync())!["activities"]!.AsArray();

        Assert.Contains("2010", (string)answer["text"]!, StringComparison.Ordinal);
        Assert.Single(stream, a => DirectLineClient.IsBotMessage(a!) && (string?)a!["replyToId"] == unanswered);
        Assert.Single(stream, a => DirectLineClient.IsBotMessage(a!) && (string?)a!["replyToId"] == answeredNormally);
        Assert.Equal(0, await ScalarAsync(connection, "SELECT count(*) FROM bot_webchat_activities WHERE answer_due IS NOT NULL"));
    }

    [PostgresFact]
    public async Task An_instance_killed_mid_conversation_loses_nothing_and_the_conversation_carries_on_elsewhere_and_after_a_restart()
    {
        var connection = await server.NewDatabaseAsync();
        using var folder = new TempFolder();
        var shared = $"--ConnectionStrings:Conversations={connection}";
        await using var first = await BotProcess.StartAsync(TestIndex.CopyTo(folder.File("first")), shared);
        await using var second = await BotProcess.StartAsync(TestIndex.CopyTo(folder.File("second")), shared);
        var chat = await DirectLineClient.FromPageTokenAsync(first.Http);
        await chat.StartAsync();
        var welcome = await chat.NextBotMessageAsync();
        var asked = await chat.SayAsync(Question);
        var answer = await chat.AnswerToAsync(asked);
        await AnswerTextAsync(first.Http, Question, "teams-like");

        await first.KillAsync();
        var followUpOnSecond = await AnswerTextAsync(second.Http, FollowUp, "teams-like");
        var chatOnSecond = chat.Through(second.Http);
        var history = JsonNode.Parse(await (await chatOnSecond.GetAsync()).Content.ReadAsStringAsync())!["activities"]!.AsArray();
        var chatFollowUp = await chatOnSecond.AskAsync(FollowUp);
        await using var restarted = await BotProcess.StartAsync(TestIndex.CopyTo(folder.File("first")), shared);
        var afterRestart = await AnswerTextAsync(restarted.Http, "Why did he go?", "teams-like");
        var turns = await ScalarAsync(connection, "SELECT count(*) FROM bot_turns WHERE conversation_id = '3:api|8:emulator|10:teams-like'");

        Assert.Contains("2012", followUpOnSecond, StringComparison.Ordinal);
        Assert.Contains(history, a => (string?)a!["id"] == (string?)welcome["id"]);
        Assert.Contains(history, a => (string?)a!["id"] == asked);
        Assert.Contains(history, a => (string?)a!["id"] == (string?)answer["id"]);
        Assert.Contains("2012", (string)chatFollowUp["text"]!, StringComparison.Ordinal);
        Assert.Matches("(Medvedev|Kuril|islands)", afterRestart);
        Assert.Equal(3, turns);
    }

    [PostgresFact]
    public async Task The_database_stopped_and_started_mid_run_costs_context_for_those_turns_only()
    {
        Assert.True(server.CanRestart, "This test stops the server: set BOT_TEST_POSTGRES_DIR to its .ci/postgres folder.");
        var connection = await server.NewDatabaseAsync();
        await using var bot = Instance(connection, new()
        {
            ["Conversations:Database:Timeout"] = "00:00:01",
            ["Conversations:Database:PauseAfterFailures"] = "00:00:00.500",
        });
        var http = bot.CreateClient();
        var before = await AnswerTextAsync(http, Question, "outage");

        await server.StopAsync();
        string duringFollowUp, duringQuestion;
        var timer = Stopwatch.StartNew();
        try
        {
            duringFollowUp = await AnswerTextAsync(http, FollowUp, "outage");
            duringQuestion = await AnswerTextAsync(http, "Who won the Russo-Japanese War?", "outage-2");
        }
        finally
        {
            await server.StartAsync();
        }
        var duringSeconds = timer.Elapsed.TotalSeconds;
        await Task.Delay(600); // past the pause after failures, so the bot tries the database again
        var after = await AnswerTextAsync(http, FollowUp, "outage");
        var afterThat = await AnswerTextAsync(http, "Why did he go?", "outage");

        Assert.Contains("2010", before, StringComparison.Ordinal);
        Assert.Equal(Answerer.ContextLost, duringFollowUp);
        Assert.Contains("victor", duringQuestion, StringComparison.Ordinal);
        // Four limits of a second at most; the rest is slack for a busy machine, not a speed target.
        Assert.InRange(duringSeconds, 0, 15);
        Assert.Contains("2012", after, StringComparison.Ordinal);
        Assert.Matches("(Medvedev|Kuril|islands)", afterThat);
    }

    [PostgresFact]
    public async Task A_database_that_never_answers_costs_a_turn_its_timeout_at_most_and_web_chat_is_told_to_come_back()
    {
        // Accepts connections and never says a word: a database host that is up but hung.
        using var hung = new TcpListener(IPAddress.Loopback, 0);
        hung.Start();
        var held = new ConcurrentBag<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
                held.Add(await hung.AcceptTcpClientAsync());
        });
        var port = ((IPEndPoint)hung.LocalEndpoint).Port;
        var logs = new FakeLoggerProvider();
        await using var bot = new BotApp(new()
        {
            // Npgsql's own timeouts are set long, so only the bot's time limit can end the wait early.
            ["ConnectionStrings:Conversations"] = $"Host=127.0.0.1;Port={port};Username=bot;Database=bot;Timeout=60;Command Timeout=60",
            ["Conversations:Database:Timeout"] = "00:00:00.500",
        })
        { TestServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        var starting = Stopwatch.StartNew();
        var http = bot.CreateClient();
        // Start-up reads the token key ring: a hung database must not hold it up past the limit either.
        Assert.InRange(starting.Elapsed.TotalSeconds, 0, 15);

        var timer = Stopwatch.StartNew();
        var answer = await AnswerTextAsync(http, "Who won the Russo-Japanese War?", "hung");
        var firstTurn = timer.Elapsed;
        var token = await http.PostAsync("/api/webchat/token", null);

        Assert.Contains("victor", answer, StringComparison.Ordinal);
        // Two limits (read the conversation, save the turn) are one second; the rest is slack for a busy machine.
        // Without the limit the turn would wait a minute for Npgsql.
        Assert.InRange(firstTurn.TotalSeconds, 0, 15);
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.Contains("Conversation 3:api|8:emulator|4:hung: the conversation database could not read the conversation: no answer within 500 ms", StringComparison.Ordinal));
        Assert.Contains(token.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable });
        if (token.StatusCode == HttpStatusCode.OK)
        {
            var chat = await DirectLineClient.FromPageTokenAsync(http);
            var start = await chat.StartAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, start.StatusCode);
            Assert.NotNull(start.Headers.RetryAfter);
        }
        foreach (var client in held)
            client.Dispose();
    }

    [Fact]
    public async Task A_connection_string_that_is_not_one_stops_start_up_with_a_message()
    {
        var failure = await BotApp.StartFailureAsync(new() { ["ConnectionStrings:Conversations"] = "this is not a connection string" });

        Assert.NotNull(failure);
        Assert.Contains("ConnectionStrings:Conversations is not a PostgreSQL connection string", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_connection_string_conversations_and_web_chats_stay_in_this_process()
    {
        await using var bot = new BotApp();

        Assert.IsType<InMemoryConversationStore>(bot.Services.GetRequiredService<IConversationStore>());
        Assert.IsType<InMemoryDirectLineStore>(bot.Services.GetRequiredService<IDirectLineStore>());
        Assert.IsType<JsonLinesFeedbackLog>(bot.Services.GetRequiredService<IFeedbackLog>());
        await AnswerTextAsync(bot.CreateClient(), Question, "local");
        Assert.Contains("2012", await AnswerTextAsync(bot.CreateClient(), FollowUp, "local"), StringComparison.Ordinal);
    }

    static TurnRecord Turn(string question, string id) =>
        new(question, ["word"], ["passage-1"], ["A sentence."], TimeProvider.System.GetUtcNow(), id, "An answer.");
}

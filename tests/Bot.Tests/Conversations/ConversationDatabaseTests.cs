using System.Net;
using System.Net.Sockets;
using Bot.Storage;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Conversations;

/// <summary>How the bot treats a database that fails: bounded, logged, and left alone for a while after repeated failures.</summary>
public sealed class ConversationDatabaseTests
{
    [Fact]
    public async Task A_database_that_keeps_failing_is_left_alone_for_a_while_then_tried_again()
    {
        // A server that takes each connection and hangs up at once: the database process is gone mid-handshake.
        using var broken = new TcpListener(IPAddress.Loopback, 0);
        broken.Start();
        var attempts = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var client = await broken.AcceptTcpClientAsync();
                Interlocked.Increment(ref attempts);
            }
        });
        var clock = Some.Clock();
        var logs = new FakeLoggerProvider();
        using var loggers = LoggerFactory.Create(builder => builder.AddProvider(logs));
        await using var database = new ConversationDatabase(
            Options.Create(new ConversationDatabaseOptions
            {
                ConnectionString = $"Host=127.0.0.1;Port={((IPEndPoint)broken.LocalEndpoint).Port};Username=bot;Pooling=false",
                PauseAfterFailures = TimeSpan.FromSeconds(10),
            }),
            clock,
            loggers);

        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<ConversationDatabaseUnavailableException>(() => database.RunAsync("read", "c", (_, _) => Task.FromResult(0), default).AsTask());
        var attemptsWhileFailing = Volatile.Read(ref attempts);
        for (var i = 0; i < 5; i++)
            await Assert.ThrowsAsync<ConversationDatabaseUnavailableException>(() => database.RunAsync("read", "c", (_, _) => Task.FromResult(0), default).AsTask());
        var attemptsWhilePaused = Volatile.Read(ref attempts) - attemptsWhileFailing;
        clock.Advance(TimeSpan.FromSeconds(11));
        await Assert.ThrowsAsync<ConversationDatabaseUnavailableException>(() => database.RunAsync("read", "c", (_, _) => Task.FromResult(0), default).AsTask());
        await Task.Delay(100);

        Assert.True(attemptsWhileFailing >= 3);
        Assert.Equal(0, attemptsWhilePaused);
        Assert.True(Volatile.Read(ref attempts) > attemptsWhileFailing);
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.StartsWith("Conversation c: the conversation database could not read:", StringComparison.Ordinal));
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Message.Contains("failed repeatedly", StringComparison.Ordinal) && r.Message.Contains("for 10 s", StringComparison.Ordinal));
    }
}

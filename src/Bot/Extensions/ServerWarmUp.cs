using Bot.Answers;
using Bot.Corpus;
using Bot.Embeddings;
using Microsoft.Extensions.AI;

namespace Bot.Extensions;

/// <summary>
/// The server's warm-up, once options are validated: the corpus is read at start (a missing folder stops the
/// start with its reason), then the index, the sentence catalog and the model are made ready in the
/// background while the page is already served; a question that comes before they are ready is told to ask
/// again in a few seconds (<see cref="Readiness"/>).
/// If they cannot be made ready, the failure is logged and the bot stops, as it would have at start.
/// </summary>
sealed partial class ServerWarmUp(IServiceProvider services, Readiness readiness, IHostApplicationLifetime lifetime, ILogger<ServerWarmUp> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The model takes longest; it loads on its own thread from the first moment.
        (services.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>() as ArcticXsEmbeddingGenerator)?.StartLoading();
        services.GetRequiredService<CorpusSnapshot>();
        readiness.Begin();
        _ = Task.Run(async () =>
        {
            try
            {
                services.WarmUp();
                readiness.Ready();
                // Suggestions are tried once the bot can answer; the first answers wait for them if they must.
                // Once they are tried (a failure there is the suggester's to report when asked, as before), the
                // start's one-off work is done and what it used goes back.
                await services.GetRequiredService<FollowUpSuggester>().StartPreparing().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                StartUpMemory.Release();
            }
            catch (Exception e) when (!lifetime.ApplicationStopping.IsCancellationRequested)
            {
                LogWarmUpFailed(logger, e);
                lifetime.StopApplication();
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "The bot could not make its index and answering ready, and stops")]
    static partial void LogWarmUpFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Options;

namespace Bot.Storage;

/// <summary>
/// Deletes rows of the shared database once they have been idle past their expiry, so the tables hold only
/// what a follow-up or a poll could still need. Expired rows are already ignored when read; this only
/// reclaims them. Every instance sweeps; deleting what another instance deleted is a no-op.
/// </summary>
public sealed partial class ExpiredRowSweeper(
    IEnumerable<IExpiringRows> stores,
    IOptions<ConversationDatabaseOptions> options,
    TimeProvider time,
    ILogger<ExpiredRowSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            // The first sweep, at start-up, also creates or migrates the schema, without holding start-up up.
            await SweepAsync(stoppingToken).ConfigureAwait(false);
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                await SweepAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        foreach (var store in stores)
        {
            try
            {
                var deleted = await store.DeleteExpiredAsync(cancellationToken).ConfigureAwait(false);
                if (deleted > 0)
                    LogSwept(logger, deleted, store.Name);
            }
            catch (ConversationDatabaseUnavailableException)
            {
                // Logged by the database; the next sweep catches up.
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} expired {Rows}")]
    static partial void LogSwept(ILogger logger, int count, string rows);
}

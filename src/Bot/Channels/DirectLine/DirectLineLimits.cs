using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>
/// How fast one conversation may post and one client may open conversations. Each has its own bucket, so
/// a flood from one costs the others nothing; idle buckets are dropped by the limiter itself.
/// </summary>
public sealed class DirectLineLimits : IDisposable
{
    readonly PartitionedRateLimiter<string> _posts;
    readonly PartitionedRateLimiter<string> _tokens;

    public DirectLineLimits(IOptions<DirectLineOptions> options)
    {
        var o = options.Value;
        _posts = PartitionedRateLimiter.Create<string, string>(conversationId => RateLimitPartition.GetTokenBucketLimiter(
            conversationId,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = o.PostBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromMinutes(1) / o.PostsPerMinute,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        _tokens = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(
            client,
            _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = o.TokensPerMinutePerClient,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Whether the conversation may post now; when not, how long it should wait.</summary>
    public bool TryPost(string conversationId, out TimeSpan retryAfter) => TryAcquire(_posts, conversationId, out retryAfter);

    public bool TryIssueToken(string client, out TimeSpan retryAfter) => TryAcquire(_tokens, client, out retryAfter);

    static bool TryAcquire(PartitionedRateLimiter<string> limiter, string key, out TimeSpan retryAfter)
    {
        using var lease = limiter.AttemptAcquire(key);
        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        return lease.IsAcquired;
    }

    public void Dispose()
    {
        _posts.Dispose();
        _tokens.Dispose();
    }
}

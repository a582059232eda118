using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>A page of a conversation's activities, and the watermark to ask from next time.</summary>
public sealed record ActivityPage(IReadOnlyList<Activity> Activities, string Watermark);

/// <summary>
/// Where web chat conversations and their activities live between polls. A seam: this process's memory
/// today, a database that several instances share later.
/// </summary>
public interface IDirectLineStore
{
    /// <summary>Starts the conversation if it is not already under way; false when it was (a second start is a reconnect).</summary>
    ValueTask<bool> StartAsync(string conversationId, CancellationToken cancellationToken);

    ValueTask<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// Adds an activity to the conversation's stream, giving it its id, and returns it as stored; null when
    /// the conversation has ended.
    /// </summary>
    ValueTask<Activity?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken);

    /// <summary>The activities after the watermark (all kept ones when it is null); null when the conversation has ended.</summary>
    ValueTask<ActivityPage?> ReadAsync(string conversationId, long? afterWatermark, CancellationToken cancellationToken);
}

/// <summary>
/// Web chat conversations in this process's memory, bounded three ways so that months of visitors cannot
/// grow it: a cap on conversations (least recently active dropped), on activities kept per conversation,
/// and an idle expiry.
/// </summary>
public sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    readonly DirectLineOptions _options = options.Value;
    readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    int _trimming;

    public int Count => _conversations.Count;

    public ValueTask<bool> StartAsync(string conversationId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var started = false;
        var conversation = _conversations.GetOrAdd(conversationId, _ =>
        {
            started = true;
            return new Conversation(now);
        });
        lock (conversation)
        {
            if (!started && IsExpired(conversation, now))
            {
                // An expired conversation is over; starting it again begins a fresh stream.
                conversation.Reset(now);
                started = true;
            }
            conversation.LastActive = now;
        }
        if (_conversations.Count > _options.MaxConversations)
            Trim(now);
        return ValueTask.FromResult(started);
    }

    public ValueTask<bool> ExistsAsync(string conversationId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(Live(conversationId) is not null);

    public ValueTask<Activity?> AppendAsync(string conversationId, Activity activity, CancellationToken cancellationToken)
    {
        if (Live(conversationId) is not { } conversation)
            return ValueTask.FromResult<Activity?>(null);
        lock (conversation)
        {
            var sequence = ++conversation.LastSequence;
            activity.Id = ActivityId(conversationId, sequence);
            conversation.Activities.Enqueue((sequence, activity));
            while (conversation.Activities.Count > _options.ActivitiesKept)
                conversation.Activities.Dequeue();
            conversation.LastActive = time.GetUtcNow();
        }
        return ValueTask.FromResult<Activity?>(activity);
    }

    public ValueTask<ActivityPage?> ReadAsync(string conversationId, long? afterWatermark, CancellationToken cancellationToken)
    {
        if (Live(conversationId) is not { } conversation)
            return ValueTask.FromResult<ActivityPage?>(null);
        lock (conversation)
        {
            conversation.LastActive = time.GetUtcNow();
            var after = afterWatermark ?? 0;
            var page = conversation.Activities.Where(a => a.Sequence > after).Select(a => a.Activity).ToList();
            // The watermark never goes back, even for a client that asks from beyond the end.
            var watermark = Math.Max(after, conversation.LastSequence);
            return ValueTask.FromResult<ActivityPage?>(new ActivityPage(page, watermark.ToString(CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Ids in the form Direct Line uses, so a client that parses them finds what it expects.</summary>
    internal static string ActivityId(string conversationId, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"{conversationId}|{sequence:D7}");

    Conversation? Live(string conversationId)
    {
        if (!_conversations.TryGetValue(conversationId, out var conversation))
            return null;
        lock (conversation)
        {
            if (!IsExpired(conversation, time.GetUtcNow()))
                return conversation;
        }
        _conversations.TryRemove(KeyValuePair.Create(conversationId, conversation));
        return null;
    }

    bool IsExpired(Conversation conversation, DateTimeOffset now) => now - conversation.LastActive > _options.IdleExpiry;

    void Trim(DateTimeOffset now)
    {
        if (Interlocked.Exchange(ref _trimming, 1) == 1)
            return;
        try
        {
            foreach (var (id, conversation) in _conversations)
            {
                if (IsExpired(conversation, now))
                    _conversations.TryRemove(KeyValuePair.Create(id, conversation));
            }
            var excess = _conversations.Count - Math.Max(1, _options.MaxConversations - (_options.MaxConversations / 10));
            if (excess <= 0)
                return;
            // A snapshot first: sorting the live dictionary races with conversations opened meanwhile.
            foreach (var (id, conversation) in _conversations.ToArray().OrderBy(p => p.Value.LastActive).Take(excess))
                _conversations.TryRemove(KeyValuePair.Create(id, conversation));
        }
        finally
        {
            Volatile.Write(ref _trimming, 0);
        }
    }

    sealed class Conversation(DateTimeOffset started)
    {
        public Queue<(long Sequence, Activity Activity)> Activities { get; } = new();
        public long LastSequence { get; set; }
        public DateTimeOffset LastActive { get; set; } = started;

        public void Reset(DateTimeOffset now)
        {
            Activities.Clear();
            LastActive = now;
        }
    }
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using Bot.BotFramework;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>
/// Web chat conversations in this process's memory, bounded so that months of visitors, or one visitor
/// posting the largest messages allowed, cannot grow it: a cap on conversations and on the bytes all of them
/// hold (least recently active dropped), on activities and bytes kept per conversation (oldest dropped),
/// and an idle expiry.
/// </summary>
public sealed class InMemoryDirectLineStore(IOptions<DirectLineOptions> options, TimeProvider time) : IDirectLineStore
{
    readonly DirectLineOptions _options = options.Value;
    readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);
    readonly CapKeeper _caps = new();
    long _bytes;

    public int Count => _conversations.Count;

    /// <summary>The bytes of JSON all streams hold.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

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
                Interlocked.Add(ref _bytes, -conversation.Bytes);
                conversation.Bytes = 0;
                conversation.Activities.Clear();
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
            // Ended (trimmed or expired) between finding it and taking its lock.
            if (conversation.Removed)
                return ValueTask.FromResult<Activity?>(null);
            var sequence = ++conversation.LastSequence;
            activity.Id = ActivityId(conversationId, sequence);
            var size = JsonSerializer.SerializeToUtf8Bytes(activity, ActivityJson.Options).Length;
            conversation.Activities.Enqueue((sequence, activity, size));
            conversation.Bytes += size;
            var added = (long)size;
            // The newest activity stays, whatever its size: it is the one the poller is waiting for.
            while (conversation.Activities.Count > 1 && (conversation.Activities.Count > _options.ActivitiesKept || conversation.Bytes > _options.MaxConversationBytes))
            {
                var dropped = conversation.Activities.Dequeue();
                conversation.Bytes -= dropped.Bytes;
                added -= dropped.Bytes;
            }
            conversation.LastActive = time.GetUtcNow();
            Interlocked.Add(ref _bytes, added);
        }
        if (Bytes > _options.MaxStoreBytes)
            Trim(time.GetUtcNow());
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
        Remove(conversationId, conversation);
        return null;
    }

    void Remove(string conversationId, Conversation conversation)
    {
        if (!_conversations.TryRemove(KeyValuePair.Create(conversationId, conversation)))
            return;
        lock (conversation)
        {
            Interlocked.Add(ref _bytes, -conversation.Bytes);
            conversation.Bytes = 0;
            conversation.Activities.Clear();
            conversation.Removed = true;
        }
    }

    bool IsExpired(Conversation conversation, DateTimeOffset now) => now - conversation.LastActive > _options.IdleExpiry;

    void Trim(DateTimeOffset now) => _caps.Trim(() => TrimOnce(now), () => _conversations.Count > _options.MaxConversations || Bytes > _options.MaxStoreBytes);

    void TrimOnce(DateTimeOffset now)
    {
        foreach (var (id, conversation) in _conversations)
        {
            if (IsExpired(conversation, now))
                Remove(id, conversation);
        }
        // Down to nine tenths of either cap, so that trimming is not done again at the very next post.
        var excess = _conversations.Count - Math.Max(1, _options.MaxConversations - (_options.MaxConversations / 10));
        var bytesTarget = _options.MaxStoreBytes - (_options.MaxStoreBytes / 10);
        if (excess <= 0 && Bytes <= bytesTarget)
            return;
        // A snapshot first: sorting the live dictionary races with conversations opened meanwhile.
        foreach (var (id, conversation) in _conversations.ToArray().OrderBy(p => p.Value.LastActive))
        {
            if (excess <= 0 && Bytes <= bytesTarget)
                break;
            Remove(id, conversation);
            excess--;
        }
    }

    sealed class Conversation(DateTimeOffset started)
    {
        public Queue<(long Sequence, Activity Activity, int Bytes)> Activities { get; } = new();
        public long Bytes { get; set; }
        public bool Removed { get; set; }
        public long LastSequence { get; set; }
        public DateTimeOffset LastActive { get; set; } = started;
    }
}

using System.Collections.Concurrent;
using Bot.Storage;
using Microsoft.Extensions.Options;

namespace Bot.Conversations;

/// <summary>Conversations in this process's memory, bounded in number, length and age so months of use cannot grow it.</summary>
public sealed class InMemoryConversationStore(IOptions<ConversationOptions> options, TimeProvider time) : IConversationStore
{
    readonly ConversationOptions _options = options.Value;
    readonly ConcurrentDictionary<string, Entry> _conversations = new(StringComparer.Ordinal);
    readonly CapKeeper _caps = new();

    public int Count => _conversations.Count;

    public ValueTask<IReadOnlyList<TurnRecord>> RecentTurnsAsync(string conversationId, CancellationToken cancellationToken)
    {
        if (!_conversations.TryGetValue(conversationId, out var entry))
            return ValueTask.FromResult<IReadOnlyList<TurnRecord>>([]);
        lock (entry)
        {
            if (IsExpired(entry, time.GetUtcNow()))
                return ValueTask.FromResult<IReadOnlyList<TurnRecord>>([]);
            return ValueTask.FromResult<IReadOnlyList<TurnRecord>>([.. entry.Turns]);
        }
    }

    public ValueTask AppendAsync(string conversationId, TurnRecord turn, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var entry = _conversations.GetOrAdd(conversationId, _ => new Entry());
        lock (entry)
        {
            if (IsExpired(entry, now))
                entry.Turns.Clear();
            entry.Turns.Enqueue(turn);
            while (entry.Turns.Count > _options.TurnsKept)
                entry.Turns.Dequeue();
            entry.LastActive = now;
        }
        if (_conversations.Count > _options.MaxConversations)
            Trim(now);
        return ValueTask.CompletedTask;
    }

    public ValueTask RecordReplyIdAsync(string conversationId, string turnId, string replyId, CancellationToken cancellationToken)
    {
        if (_conversations.TryGetValue(conversationId, out var entry))
        {
            lock (entry)
            {
                var turns = entry.Turns.ToArray();
                entry.Turns.Clear();
                foreach (var turn in turns)
                    entry.Turns.Enqueue(turn.Id == turnId ? turn with { ReplyId = replyId } : turn);
            }
        }
        return ValueTask.CompletedTask;
    }

    bool IsExpired(Entry entry, DateTimeOffset now) => entry.Turns.Count > 0 && now - entry.LastActive > _options.IdleExpiry;

    /// <summary>Drops expired conversations, then the least recently active until the cap holds, with headroom so this runs rarely.</summary>
    void Trim(DateTimeOffset now) => _caps.Trim(() => TrimOnce(now), () => _conversations.Count > _options.MaxConversations);

    void TrimOnce(DateTimeOffset now)
    {
        foreach (var (id, entry) in _conversations)
        {
            if (now - entry.LastActive > _options.IdleExpiry)
                _conversations.TryRemove(id, out _);
        }
        var target = Math.Max(1, _options.MaxConversations - (_options.MaxConversations / 10));
        var excess = _conversations.Count - target;
        if (excess <= 0)
            return;
        // A snapshot first: sorting the live dictionary races with turns added meanwhile.
        foreach (var (id, _) in _conversations.ToArray().OrderBy(p => p.Value.LastActive).Take(excess))
            _conversations.TryRemove(id, out _);
    }

    sealed class Entry
    {
        public Queue<TurnRecord> Turns { get; } = new();
        public DateTimeOffset LastActive { get; set; }
    }
}

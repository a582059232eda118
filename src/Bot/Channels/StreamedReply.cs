using System.Text.Json.Nodes;
using Bot.Answers;
using Bot.BotFramework;

namespace Bot.Channels;

/// <summary>
/// Shows an answer as it is written, on the channels that can show one: Teams in a one-to-one chat (its
/// streaming protocol) and Web Chat on the bot's own Direct Line (which reads the same activities). The
/// first activity is an informative typing activity whose id the channel returns; that id names the stream.
/// Drafts follow as typing activities carrying the text so far, at most one per interval (Teams takes one
/// request a second); the final message carries the stream's id and replaces the draft with the checked
/// answer. Stream metadata travels both as a <c>streaminfo</c> entity (Teams) and in channelData (Web Chat
/// 4.18). A channel that refuses a draft gets no more; the answer still comes, as a plain message.
/// </summary>
public sealed class StreamedReply : IAnswerDraft, IDisposable
{
    readonly Activity _inbound;
    readonly SendReply _send;
    readonly TimeProvider _time;
    readonly TimeSpan _interval;
    readonly SemaphoreSlim _sending = new(1, 1);
    readonly CancellationTokenSource _finishing = new();
    readonly Lock _lock = new();

    string? _streamId;
    int _sequence;
    string _shown = "";
    string? _pending;
    long _lastSent;
    Task? _flush;
    bool _failed;

    StreamedReply(Activity inbound, SendReply send, TimeProvider time, TimeSpan interval)
    {
        _inbound = inbound;
        _send = send;
        _time = time;
        _interval = interval;
    }

    /// <summary>A stream for this turn, or null where the channel cannot show one (group chats, expectReplies, the Emulator).</summary>
    public static StreamedReply? For(Activity inbound, SendReply send, TimeProvider time, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(inbound);
        if (string.Equals(inbound.DeliveryMode, "expectReplies", StringComparison.OrdinalIgnoreCase))
            return null;
        var streams = inbound.ChannelId switch
        {
            "msteams" => string.Equals(inbound.Conversation?.ConversationType, "personal", StringComparison.OrdinalIgnoreCase),
            "directline" or "webchat" => true,
            _ => false,
        };
        return streams ? new StreamedReply(inbound, send, time, interval) : null;
    }

    /// <summary>Whether the channel took the stream's first activity (and so the final reply must close it).</summary>
    public bool Started => _streamId is not null && !_failed;

    public async ValueTask InformAsync(string status, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_failed && !_finishing.IsCancellationRequested)
                await SendDraftAsync("informative", status, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask ShowAsync(string textSoFar, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_lock)
        {
            // Teams refuses a draft that does not extend the one before; a draft that would is skipped instead.
            if (_failed || _finishing.IsCancellationRequested || textSoFar.Length <= _shown.Length || !textSoFar.StartsWith(_shown, StringComparison.Ordinal))
                return;
            _pending = textSoFar;
            wait = _lastSent == 0 ? TimeSpan.Zero : _interval - _time.GetElapsedTime(_lastSent);
            if (wait > TimeSpan.Zero)
            {
                // The words wait for the interval, but not for the model's next ones.
                _flush ??= FlushLaterAsync(wait);
                return;
            }
        }
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    async Task FlushLaterAsync(TimeSpan wait)
    {
        try
        {
            await Task.Delay(wait, _time, _finishing.Token).ConfigureAwait(false);
            lock (_lock)
                _flush = null;
            await FlushAsync(_finishing.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The answer is final: no more drafts.
        }
    }

    async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string? text;
            lock (_lock)
                (text, _pending) = (_pending, null);
            if (text is not null && !_failed && text.Length > _shown.Length)
            {
                await SendDraftAsync("streaming", text, cancellationToken).ConfigureAwait(false);
                lock (_lock)
                    _shown = text;
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Stops the drafts and makes the reply the stream's final message, when a stream was started.</summary>
    public async ValueTask<Activity> FinishAsync(Activity reply, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reply);
        await _finishing.CancelAsync().ConfigureAwait(false);
        await _sending.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!Started)
                return reply;
            var channelData = reply.ChannelData as JsonObject ?? [];
            channelData["streamId"] = _streamId;
            channelData["streamType"] = "final";
            reply.ChannelData = channelData;
            reply.Entities = [StreamInfo("final", sequence: null), .. reply.Entities ?? []];
            return reply;
        }
        finally
        {
            _sending.Release();
        }
    }

    async Task SendDraftAsync(string streamType, string text, CancellationToken cancellationToken)
    {
        var draft = ReplyRenderer.Typing(_inbound);
        draft.Text = text;
        draft.TextFormat = "markdown";
        var sequence = ++_sequence;
        draft.Entities = [StreamInfo(streamType, sequence)];
        draft.ChannelData = new JsonObject { ["streamType"] = streamType, ["streamSequence"] = sequence };
        if (_streamId is not null)
            draft.ChannelData["streamId"] = _streamId;
        var id = await _send(draft, cancellationToken).ConfigureAwait(false);
        _lastSent = _time.GetTimestamp();
        if (_streamId is null)
        {
            // The channel's id for the first activity names the stream; without one there is no stream.
            if (string.IsNullOrEmpty(id))
                _failed = true;
            _streamId = id;
        }
        else if (id is null)
        {
            _failed = true;
        }
    }

    public void Dispose()
    {
        _sending.Dispose();
        _finishing.Dispose();
    }

    JsonObject StreamInfo(string streamType, int? sequence)
    {
        var entity = new JsonObject { ["type"] = "streaminfo", ["streamType"] = streamType };
        if (_streamId is not null)
            entity["streamId"] = _streamId;
        if (sequence is { } n)
            entity["streamSequence"] = n;
        return entity;
    }
}

using System.ClientModel;
using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace Bot.Answers.Model;

/// <summary>
/// The operator's language model, if one is configured, behind the limits every call needs: one time budget
/// per turn, and a pause after repeated failures so a dead model does not cost every message its timeout.
/// A failure of any kind (timeout, refused connection, 429, 5xx, malformed or empty output) is logged and
/// comes back as no reply, so the caller falls back to the offline answer in the same turn.
/// </summary>
public sealed partial class LanguageModel
{
    public const string HttpClientName = "Llm";

    /// <summary>How prompts carry their data: JSON a model reads, not a page, so quotes and accents stay legible.</summary>
    internal static readonly System.Text.Json.JsonSerializerOptions PromptJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    readonly IChatClient? _client;
    readonly LanguageModelOptions _options;
    readonly TimeProvider _time;
    readonly ILogger<LanguageModel> _logger;
    readonly ResiliencePipeline<string> _pipeline;

    public LanguageModel(IChatClient? client, IOptions<LanguageModelOptions> options, TimeProvider time, ILogger<LanguageModel> logger)
    {
        _client = client;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<string> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<string>
            {
                FailureRatio = 0.5,
                MinimumThroughput = _options.FailuresBeforePause,
                SamplingDuration = TimeSpan.FromSeconds(_options.SamplingSeconds),
                BreakDuration = TimeSpan.FromSeconds(_options.PauseSeconds),
                // The caller giving up (the turn cancelled) says nothing about the model.
                ShouldHandle = new PredicateBuilder<string>().Handle<Exception>(e => e is not OperationCanceledException),
                OnOpened = args =>
                {
                    LogPaused(_logger, args.BreakDuration.TotalSeconds, Describe(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
                OnHalfOpened = _ =>
                {
                    LogTrying(_logger);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogResumed(_logger);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>Whether an operator configured a model; without one the bot answers offline.</summary>
    public bool IsEnabled => _client is not null;

    /// <summary>What is left of the turn's budget for the model, counted from the turn's start.</summary>
    public TimeSpan Remaining(long turnStarted) =>
        turnStarted == 0 ? _options.Timeout : _options.Timeout - _time.GetElapsedTime(turnStarted);

    /// <summary>The model's reply text, or null when there is no model, no time left, or the call failed.</summary>
    public async Task<string?> AskAsync(
        string purpose,
        IReadOnlyList<ChatMessage> messages,
        ChatOptions options,
        TimeSpan budget,
        string conversationId,
        CancellationToken cancellationToken)
    {
        if (_client is null)
            return null;
        if (budget <= TimeSpan.Zero)
        {
            LogNoTimeLeft(_logger, conversationId, purpose);
            return null;
        }

        var started = _time.GetTimestamp();
        try
        {
            var reply = await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var deadline = new CancellationTokenSource(budget, _time);
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, deadline.Token);
                    try
                    {
                        var response = await _client.GetResponseAsync(messages, options, linked.Token).ConfigureAwait(false);
                        var text = response.Text;
                        return string.IsNullOrWhiteSpace(text) ? throw new InvalidDataException("The model's reply was empty.") : text;
                    }
                    catch (OperationCanceledException) when (deadline.IsCancellationRequested && !token.IsCancellationRequested)
                    {
                        throw new TimeoutException($"The model did not reply within {budget.TotalSeconds:0.##} s.");
                    }
                },
                cancellationToken).ConfigureAwait(false);
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            LogReplied(_logger, conversationId, purpose, elapsed);
            return reply;
        }
        catch (BrokenCircuitException)
        {
            LogSkipped(_logger, conversationId, purpose);
            return null;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = Describe(e);
            var elapsed = _time.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(_logger, conversationId, purpose, reason, elapsed);
            return null;
        }
    }

    static string Describe(Exception? e) => e switch
    {
        null => "no reply",
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status}: {FirstLine(http.Message)}",
        // The SDK reports a connection that failed as a result with no status.
        ClientResultException or HttpRequestException => $"no connection ({FirstLine(e.Message)})",
        TimeoutException timeout => timeout.Message,
        InvalidDataException empty => empty.Message,
        _ => $"a malformed reply ({e.GetType().Name}: {FirstLine(e.Message)})",
    };

    static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Conversation {ConversationId}: the model replied ({Purpose}) in {Milliseconds:F0} ms")]
    static partial void LogReplied(ILogger logger, string conversationId, string purpose, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: the model failed ({Purpose}) after {Milliseconds:F0} ms: {Reason}; answering offline")]
    static partial void LogFailed(ILogger logger, string conversationId, string purpose, string reason, double milliseconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conversation {ConversationId}: the model is paused after repeated failures; answering offline ({Purpose})")]
    static partial void LogSkipped(ILogger logger, string conversationId, string purpose);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conversation {ConversationId}: no time left in the turn to ask the model ({Purpose}); answering offline")]
    static partial void LogNoTimeLeft(ILogger logger, string conversationId, string purpose);

    [LoggerMessage(Level = LogLevel.Error, Message = "The model failed repeatedly (last: {Reason}); answering offline for {Seconds:F0} s before trying it again")]
    static partial void LogPaused(ILogger logger, double seconds, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trying the model again after its pause")]
    static partial void LogTrying(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "The model answers again")]
    static partial void LogResumed(ILogger logger);
}

using System.ClientModel;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.Connectors.OpenAI;
using Polly;
using Polly.CircuitBreaker;

namespace Bot.Answers.Model;

/// <summary>
/// The operator's language model, if one is configured: a Semantic Kernel with the OpenAI connector, asked
/// through prompt functions, behind the limits every call needs: one time budget per turn, and a pause
/// after repeated failures so a dead model does not cost every message its timeout. A failure of any kind
/// (timeout, refused connection, 429, 5xx, malformed, cut-off or empty output) is logged and comes back as
/// no reply, so the caller falls back to the offline answer in the same turn.
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

    readonly Kernel? _kernel;
    readonly LanguageModelOptions _options;
    readonly TimeProvider _time;
    readonly ILogger<LanguageModel> _logger;
    readonly ResiliencePipeline<string> _pipeline;

    public LanguageModel(Kernel? kernel, IOptions<LanguageModelOptions> options, TimeProvider time, ILogger<LanguageModel> logger)
    {
        _kernel = kernel;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _pipeline = new ResiliencePipelineBuilder<string> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<string>
            {
                FailureRatio = 0.5,
                MinimumThroughput = _options.FailuresBeforePause,
                SamplingDuration = _options.SamplingDuration,
                BreakDuration = _options.Pause,
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

    /// <summary>
    /// The kernel for an OpenAI-compatible endpoint: the connector over the bot's own HttpClient, with the
    /// SDK's retries off (the turn has one budget; a retry that outlives it only delays the offline answer).
    /// </summary>
    public static Kernel CreateKernel(LanguageModelOptions options, HttpClient httpClient, string userAgent)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model);
        var client = new OpenAI.OpenAIClient(
            // Local servers want no key, but the SDK wants one: they ignore what they are sent.
            new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "unused" : options.ApiKey),
            new OpenAI.OpenAIClientOptions
            {
                Endpoint = options.Endpoint,
                Transport = new System.ClientModel.Primitives.HttpClientPipelineTransport(httpClient),
                RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = options.Timeout,
                UserAgentApplicationId = userAgent,
            });
        return Kernel.CreateBuilder().AddOpenAIChatCompletion(options.Model, client).Build();
    }

    /// <summary>
    /// A prompt function: a Semantic Kernel template of a system and a user message with <c>{{$name}}</c>
    /// variables. Variables are encoded into the template and decoded as the messages are read, so text from a
    /// web page or a person cannot open a message of its own.
    /// </summary>
    public static KernelFunction Prompt(string name, string template, double temperature, int maxTokens)
    {
        var config = new PromptTemplateConfig(template) { Name = name, TemplateFormat = PromptTemplateConfig.SemanticKernelTemplateFormat };
        config.AddExecutionSettings(new OpenAIPromptExecutionSettings { Temperature = temperature, MaxTokens = maxTokens });
        return KernelFunctionFactory.CreateFromPrompt(config, new KernelPromptTemplateFactory());
    }

    /// <summary>Whether an operator configured a model; without one the bot answers offline.</summary>
    public bool IsEnabled => _kernel is not null;

    /// <summary>What is left of the turn's budget for the model, counted from the turn's start.</summary>
    public TimeSpan Remaining(long turnStarted) =>
        turnStarted == 0 ? _options.Timeout : _options.Timeout - _time.GetElapsedTime(turnStarted);

    /// <summary>
    /// The model's reply to a prompt function, or null when there is no model, no time left, or the call
    /// failed. The reply is streamed; with <paramref name="onText"/> the text so far is handed over each time it
    /// grows (to check and show finished sentences); a stream that stops before the model says it is done
    /// counts as a failure, and one that reaches the length limit is read no further.
    /// </summary>
    public async Task<string?> AskAsync(
        string purpose,
        KernelFunction prompt,
        KernelArguments arguments,
        TimeSpan budget,
        string conversationId,
        CancellationToken cancellationToken,
        Func<string, CancellationToken, ValueTask>? onText = null)
    {
        if (_kernel is null)
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
                        var text = await StreamAsync(prompt, arguments, onText, linked.Token).ConfigureAwait(false);
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

    /// <summary>
    /// The reply, read as a stream whether or not anyone watches it grow, so that the read stops at
    /// <see cref="LanguageModelOptions.MaxReplyChars"/> (the connection is let go there) and the turn's time
    /// limit covers every chunk.
    /// </summary>
    async Task<string> StreamAsync(KernelFunction prompt, KernelArguments arguments, Func<string, CancellationToken, ValueTask>? onText, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var finished = false;
        await foreach (var chunk in _kernel!.InvokeStreamingAsync<StreamingChatMessageContent>(prompt, arguments, cancellationToken).ConfigureAwait(false))
        {
            finished |= chunk.Metadata?.TryGetValue("FinishReason", out var reason) == true && reason is not null;
            if (string.IsNullOrEmpty(chunk.Content))
                continue;
            text.Append(chunk.Content.AsSpan(0, Math.Min(chunk.Content.Length, _options.MaxReplyChars - text.Length)));
            if (onText is not null)
                await onText(text.ToString(), cancellationToken).ConfigureAwait(false);
            if (text.Length >= _options.MaxReplyChars)
            {
                LogCapped(_logger, _options.MaxReplyChars);
                return text.ToString();
            }
        }
        // A connection cut mid-answer ends the stream without an error; only the missing finish tells.
        return finished ? text.ToString() : throw new InvalidDataException("The model's reply stopped before it was finished.");
    }

    static string Describe(Exception? e) => e switch
    {
        null => "no reply",
        HttpOperationException { StatusCode: { } status } http => $"HTTP {(int)status}: {FirstLine(http.Message)}",
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status}: {FirstLine(http.Message)}",
        // A connection that failed is a result with no status.
        HttpOperationException or ClientResultException or HttpRequestException => $"no connection ({FirstLine(e.InnerException?.Message ?? e.Message)})",
        TimeoutException timeout => timeout.Message,
        InvalidDataException empty => empty.Message,
        _ => $"a malformed reply ({e.GetType().Name}: {FirstLine(e.Message)})",
    };

    static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model's reply reached {Chars} characters (Llm:MaxReplyChars); the rest was not read")]
    static partial void LogCapped(ILogger logger, int chars);

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

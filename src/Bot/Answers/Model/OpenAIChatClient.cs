using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AIChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AIFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using OpenAIChatMessage = OpenAI.Chat.ChatMessage;

namespace Bot.Answers.Model;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK, for any OpenAI-compatible endpoint. A seam: the
/// Microsoft.Extensions.AI.OpenAI adapter (or Semantic Kernel) can take its place where they can be restored.
/// </summary>
/// <remarks>
/// The SDK's own retries are off: the turn has one time budget, and a retry that outlives it only delays the
/// offline answer. <see cref="LanguageModel"/> decides what a failure means.
/// </remarks>
public sealed class OpenAIChatClient : IChatClient
{
    /// <summary>Sent where a local server wants no key: the SDK requires one, and such servers ignore it.</summary>
    const string NoKey = "unused";

    readonly ChatClient _client;
    readonly ChatClientMetadata _metadata;

    public OpenAIChatClient(LanguageModelOptions options, HttpClient httpClient)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.Endpoint);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Model);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = options.Timeout,
            UserAgentApplicationId = "japan-russia-bot",
        };
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? NoKey : options.ApiKey;
        _client = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
        _metadata = new ChatClientMetadata("openai", options.Endpoint, options.Model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AIChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ClientResult<ChatCompletion> result = await _client.CompleteChatAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken).ConfigureAwait(false);
        var completion = result.Value;
        var text = string.Concat(completion.Content.Select(part => part.Text));
        return new ChatResponse(new AIChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            FinishReason = FinishReasonOf(completion.FinishReason),
            Usage = completion.Usage is { } usage
                ? new UsageDetails { InputTokenCount = usage.InputTokenCount, OutputTokenCount = usage.OutputTokenCount, TotalTokenCount = usage.TotalTokenCount }
                : null,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<AIChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = _client.CompleteChatStreamingAsync(ToOpenAI(messages), ToOpenAI(options), cancellationToken);
        await foreach (var update in updates.ConfigureAwait(false))
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, string.Concat(update.ContentUpdate.Select(part => part.Text)))
            {
                ResponseId = update.CompletionId,
                ModelId = update.Model,
                FinishReason = update.FinishReason is { } reason ? FinishReasonOf(reason) : null,
            };
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(ChatClientMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : serviceType.IsInstanceOfType(_client) ? _client : null;
    }

    public void Dispose()
    {
        // The HttpClient belongs to the factory that made it; the SDK client holds nothing else.
    }

    static List<OpenAIChatMessage> ToOpenAI(IEnumerable<AIChatMessage> messages)
    {
        var converted = new List<OpenAIChatMessage>();
        foreach (var message in messages)
        {
            var text = message.Text;
            if (message.Role == ChatRole.System)
                converted.Add(new SystemChatMessage(text));
            else if (message.Role == ChatRole.Assistant)
                converted.Add(new AssistantChatMessage(text));
            else if (message.Role == ChatRole.User)
                converted.Add(new UserChatMessage(text));
            else
                throw new NotSupportedException($"Messages in the role '{message.Role}' are not sent to the model; only system, user and assistant text is.");
        }
        return converted;
    }

    static ChatCompletionOptions? ToOpenAI(ChatOptions? options)
    {
        if (options is null)
            return null;
        var converted = new ChatCompletionOptions
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            MaxOutputTokenCount = options.MaxOutputTokens,
        };
        foreach (var stop in options.StopSequences ?? [])
            converted.StopSequences.Add(stop);
        return converted;
    }

    static AIFinishReason FinishReasonOf(OpenAI.Chat.ChatFinishReason reason) => reason switch
    {
        OpenAI.Chat.ChatFinishReason.Stop => AIFinishReason.Stop,
        OpenAI.Chat.ChatFinishReason.Length => AIFinishReason.Length,
        OpenAI.Chat.ChatFinishReason.ContentFilter => AIFinishReason.ContentFilter,
        _ => AIFinishReason.ToolCalls,
    };
}

using System.ComponentModel.DataAnnotations;

namespace Bot.Answers.Model;

/// <summary>
/// An OpenAI-compatible chat endpoint (OpenAI, Azure OpenAI's v1 endpoint, Ollama, vLLM, llama.cpp server).
/// Without <see cref="Endpoint"/> the bot answers in the sources' own sentences, with no model.
/// </summary>
public sealed class LanguageModelOptions : IValidatableObject
{
    public const string Section = "Llm";

    /// <summary>The API's base address, such as <c>http://127.0.0.1:11434/v1</c> for Ollama.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model or deployment name the endpoint serves.</summary>
    public string? Model { get; set; }

    /// <summary>The key, where the endpoint wants one; local servers usually do not.</summary>
    public string? ApiKey { get; set; }

    /// <summary>How long one turn may wait on the model, all calls together, before the offline answer is shown instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many calls within <see cref="SamplingDuration"/>, half or more of them failed, make the bot stop asking
    /// the model for <see cref="Pause"/>: a dead model should not cost every message its timeout.
    /// </summary>
    [Range(2, 1000)]
    public int FailuresBeforePause { get; set; } = 3;

    /// <summary>The window in which failures are counted.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long the bot answers offline after the model failed repeatedly, before it tries the model again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Pause { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most passages given to the model for one answer.</summary>
    [Range(1, 20)]
    public int MaxPassages { get; set; } = 10;

    /// <summary>
    /// With a model configured, how many passages the search brings, in place of <c>Answers:PassagesWeighed</c>:
    /// the model reads what the offline reader would rank too low. On the held-out question sets, the passages
    /// given held the fact for 124 of 131 first turns with 20 searched and 10 given, against 118 with 12 and 6.
    /// </summary>
    [Range(1, 200)]
    public int PassagesSearched { get; set; } = 20;

    /// <summary>
    /// The most of a reply the bot reads: it stops reading there (the connection is let go), so an endless or
    /// enormous reply costs neither memory nor time beyond this. Answers are one to four sentences.
    /// </summary>
    [Range(200, 100_000)]
    public int MaxReplyChars { get; set; } = 4000;

    /// <summary>
    /// How near in meaning (the embedding model's cosine) a statement of the model's must be to a sentence of
    /// the passages it cites, or two adjacent ones, to rest on them; chosen on the project's faithfulness set.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MinSupport { get; set; } = 0.7;

    public bool IsEnabled => Endpoint is { OriginalString.Length: > 0 };


    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is null || !IsEnabled)
            yield break;
        if (!Endpoint.IsAbsoluteUri || (Endpoint.Scheme != Uri.UriSchemeHttp && Endpoint.Scheme != Uri.UriSchemeHttps))
            yield return new ValidationResult($"Llm:Endpoint must be an absolute http or https address, such as http://127.0.0.1:11434/v1; it is '{Endpoint}'.", [nameof(Endpoint)]);
        if (string.IsNullOrWhiteSpace(Model))
            yield return new ValidationResult("Llm:Model is required when Llm:Endpoint is set: name the model or deployment the endpoint serves.", [nameof(Model)]);
    }
}

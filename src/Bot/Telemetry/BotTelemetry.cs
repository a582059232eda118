using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Bot.Telemetry;

/// <summary>
/// What an operator of the bot watches: a trace per turn (the turn, and within it retrieval, composition and
/// sending the reply) and metrics: turns by outcome, their latency, the times a model's answer gave way to
/// the offline one, and feedback. Nothing is recorded unless an exporter listens (see <see cref="TelemetrySetup"/>):
/// an activity source or an instrument without listeners costs a null check.
/// </summary>
public sealed class BotTelemetry
{
    /// <summary>The name of the bot's activity source and meter, as exporters subscribe to them.</summary>
    public const string Name = "Bot";

    /// <summary>The retrieval span's tag naming the passages the reader weighed, by id.</summary>
    public const string PassagesWeighedTag = "bot.passages";

    /// <summary>The composition span's tag naming the passages a language model was given, by id.</summary>
    public const string PassagesGivenTag = "bot.passages_given";

    /// <summary>On the retrieval span: whether the question was read with the conversation's thread.</summary>
    public const string FollowUpTag = "bot.follow_up";

    /// <summary>Process-wide, as activity sources are meant to be; listeners choose what they hear.</summary>
    public static readonly ActivitySource Source = new(Name);

    readonly Counter<long> _turns;
    readonly Histogram<double> _turnDuration;
    readonly Counter<long> _modelFallbacks;
    readonly Counter<long> _feedback;

    public BotTelemetry(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(Name);
        _turns = meter.CreateCounter<long>("bot.turns", unit: "{turn}", description: "Questions the bot took, by channel and outcome (answered, not_found, prompt)");
        _turnDuration = meter.CreateHistogram<double>("bot.turn.duration", unit: "s", description: "From a question's arrival to its answer being sent",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _modelFallbacks = meter.CreateCounter<long>("bot.model.fallbacks", unit: "{answer}", description: "Answers where the language model's reply gave way to the offline answer, by reason");
        _feedback = meter.CreateCounter<long>("bot.feedback", unit: "{reaction}", description: "Likes and dislikes pressed under answers");
    }

    /// <summary>A turn that was answered (or declined): counted, and its time from arrival to the reply sent.</summary>
    public void TurnCompleted(string? channel, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "bot.channel", channel ?? "unknown" }, { "bot.outcome", outcome } };
        _turns.Add(1, tags);
        _turnDuration.Record(elapsed.TotalSeconds, tags);
    }

    public void ModelFellBack(string reason) => _modelFallbacks.Add(1, new KeyValuePair<string, object?>("bot.reason", reason));

    public void FeedbackGiven(string reaction, string? channel) =>
        _feedback.Add(1, new KeyValuePair<string, object?>("bot.reaction", reaction), new KeyValuePair<string, object?>("bot.channel", channel ?? "unknown"));
}

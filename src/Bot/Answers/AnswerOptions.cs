using System.ComponentModel.DataAnnotations;

namespace Bot.Answers;

/// <summary>How sure the offline reader must be before it answers.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// Below this score no sentence answers a question, however it ranks, and the bot says it found nothing.
    /// The default was calibrated on the tuning half of the project's natural question set (answerable
    /// against unanswerable questions, <c>bench calibrate</c>) and checked on the held-out half; a corpus of
    /// another kind may want it calibrated again.
    /// </summary>
    [Range(-10.0, 10.0)]
    public double MinScore { get; set; } = -0.5;
}

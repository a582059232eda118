using System.ComponentModel.DataAnnotations;

namespace Bot.Answers;

/// <summary>How sure the offline reader must be before it answers.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// Below this score no sentence answers a question, however it ranks, and the bot says it found nothing.
    /// When not set, the threshold chosen with the scorer's weights on the training question sets (the fewest
    /// wrong answers plus wrong declines); a corpus of another kind may want its own.
    /// </summary>
    [Range(-10.0, 10.0)]
    public double? MinScore { get; set; }

    /// <summary>
    /// How many passages the search brings for the reader to weigh every sentence of. More finds the answer
    /// more often (see the retrieval recall that <c>eval</c> reports) and costs a little more per turn.
    /// </summary>
    [Range(1, 200)]
    public int PassagesWeighed { get; set; } = 12;
}

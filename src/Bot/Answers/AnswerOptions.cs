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
    /// more often (see the retrieval recall that <c>eval</c> reports) and costs a little more per turn. 16 rather
    /// than 12: the tuning sets pass the same (382 of 543 at 12, 16 and 20), recall rises on both kinds of set
    /// (held out: 311 of 324 first turns and 209 of 220 follow-ups, against 306 and 202), and a cached turn takes
    /// 55 µs against 51 µs.
    /// </summary>
    [Range(1, 200)]
    public int PassagesWeighed { get; set; } = 16;

    /// <summary>
    /// How far above the decline threshold the best sentence must score for the answer to be given plainly.
    /// Below it the answer opens with a caveat and gives no yes or no (unless a clause states the question's
    /// claim, when the yes or no is given plainly): on the training question sets, answers
    /// scoring less than 3 above the threshold were right less than half the time (77 of 174), those above it
    /// 84 % of the time (252 of 301). 0 gives every answer plainly.
    /// </summary>
    [Range(0.0, 20.0)]
    public double PlainAnswerMargin { get; set; } = 3;
}

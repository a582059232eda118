using System.ComponentModel.DataAnnotations;

namespace Bot.Answers;

/// <summary>How sure the offline reader must be before it answers.</summary>
public sealed class AnswerOptions
{
    public const string Section = "Answers";

    /// <summary>
    /// Below this score no sentence answers a question, however it ranks, and the bot says it found nothing.
    /// When not set, the threshold chosen with the scorer's weights on the training question sets (the fewest
    /// wrong answers plus wrong declines) for a first question, and the answerability model for a follow-up
    /// (see <see cref="Answerability"/>); when set, this threshold alone decides for every question. A corpus of
    /// another kind may want its own.
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
    /// claim, when the yes or no is given plainly). Once an unsure answer showed the nearest four sentences, 4
    /// did better than 3 on every count (eleventh session): held out (41 sets), replies plainly wrong 212 to
    /// 123 of 1,686 and passing 1,113 to 1,121, answers given plainly 906 to 638 (right 77 % to 81 %); tuning
    /// plainly wrong 74 to 47, passing 469 to 473. 5 went further (held out: plainly wrong 68, passing 1,135)
    /// but left only 427 answers plain, two in three with the caveat. 0 gives every answer plainly.
    /// </summary>
    [Range(0.0, 20.0)]
    public double PlainAnswerMargin { get; set; } = 4;
}

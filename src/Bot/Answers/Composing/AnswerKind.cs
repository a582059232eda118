namespace Bot.Answers;

public enum AnswerKind
{
    /// <summary>The sources answer the question; the text carries [n] markers for <see cref="Answer.Citations"/>.</summary>
    Answered,

    /// <summary>The sources do not answer it; nothing is cited.</summary>
    NotFound,

    /// <summary>There was no question to answer (an empty or oversized message); nothing is cited.</summary>
    Prompt,
}

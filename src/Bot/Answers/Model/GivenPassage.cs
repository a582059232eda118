using Bot.Corpus;

namespace Bot.Answers.Model;

/// <summary>A passage as the model was given it: its number in the prompt and the sentences it was shown.</summary>
public sealed record GivenPassage(int Number, Passage Passage, string DocumentTitle, IReadOnlyList<SentenceFacts> Sentences)
{
    public string Text => string.Join(' ', Sentences.Select(s => s.Text));
}

namespace Bot.Answers.Model;

/// <summary>A sentence of the model's reply that its cited passages support, with the passages' prompt numbers.</summary>
public sealed record SupportedSentence(string Text, IReadOnlyList<int> Cited);

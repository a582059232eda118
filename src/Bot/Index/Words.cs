namespace Bot.Index;

/// <summary>
/// Splits text into lowercase words of letters and digits, the way FTS5's unicode61 tokenizer does, so
/// that what the answer code counts as a word is what the index counts as one.
/// </summary>
public static class Words
{
    public static IEnumerable<string> Of(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWordChar = i < text.Length && char.IsLetterOrDigit(text[i]);
            if (isWordChar && start < 0)
            {
                start = i;
            }
            else if (!isWordChar && start >= 0)
            {
                yield return Fold(text.AsSpan(start, i - start));
                start = -1;
            }
        }
    }

    /// <summary>Lowercases and strips diacritics from Latin letters ("Pokémon" and "pokemon" are one word, as in the index).</summary>
    static string Fold(ReadOnlySpan<char> word)
    {
        Span<char> buffer = word.Length <= 64 ? stackalloc char[word.Length] : new char[word.Length];
        for (var i = 0; i < word.Length; i++)
            buffer[i] = char.ToLowerInvariant(word[i]);
        var lowered = new string(buffer);
        if (System.Text.Ascii.IsValid(lowered))
            return lowered;
        var decomposed = lowered.Normalize(System.Text.NormalizationForm.FormD);
        var folded = new System.Text.StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                folded.Append(c);
        }
        return folded.ToString();
    }
}

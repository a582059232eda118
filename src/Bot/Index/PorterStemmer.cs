using System.Text;

namespace Bot.Index;

/// <summary>
/// The Porter (1980) stemmer, exactly as SQLite FTS5's built-in <c>porter</c> tokenizer applies it.
/// </summary>
/// <remarks>
/// <para>
/// The passage index is an FTS5 table tokenized with <c>porter unicode61 remove_diacritics 2</c>, so the
/// index holds stems, not words. Sentence scoring happens in memory, outside SQLite, and must reduce every
/// word to the very stem the index holds, or a sentence would not match the query terms that found it.
/// A stemmer that is merely "Porter-like" is not good enough, so this one follows SQLite's implementation
/// rather than any other: it is Porter's algorithm with the two revisions Porter made to his own reference
/// implementation (step 2 has <c>bli -&gt; ble</c> instead of <c>abli -&gt; able</c>, and the extra rule
/// <c>logi -&gt; log</c>), plus the places where SQLite's code differs from the letter of the algorithm:
/// </para>
/// <list type="bullet">
/// <item>tokens shorter than 3 or longer than 64 bytes are left as they are;</item>
/// <item>every other token is stemmed whatever it contains: a digit (or any byte that is not a lowercase
/// vowel) counts as a consonant, so <c>1990s</c> becomes <c>1990</c>;</item>
/// <item>a suffix only matches when something is left in front of it, so a token that is nothing but a
/// suffix falls through to the next rule (<c>ies -&gt; ie</c>, <c>sses -&gt; sse</c>, <c>eed -&gt; e</c>,
/// <c>ating -&gt; at</c>);</item>
/// <item>step 1b's "double consonant" test counts <c>y</c> as a consonant.</item>
/// </list>
/// <para>
/// SQLite stems the token's UTF-8 bytes; so does this class, so even tokens with non-ASCII letters agree.
/// It runs on every word of every question and candidate sentence, so it works in a stack buffer and
/// allocates nothing but the result (and not even that when the word is its own stem).
/// </para>
/// </remarks>
internal static class PorterStemmer
{
    /// <summary>SQLite's FTS5_PORTER_MAX_TOKEN: longer tokens are passed through unstemmed.</summary>
    private const int MaxTokenBytes = 64;

    private const int MinTokenBytes = 3;

    /// <summary>
    /// Returns the stem of one token, as FTS5's porter tokenizer would index it.
    /// </summary>
    /// <param name="word">
    /// One token as FTS5's unicode61 tokenizer yields it after case folding and diacritic removal: normally
    /// lowercase ASCII letters and/or digits. Tokens of fewer than 3 or more than 64 (UTF-8) bytes are
    /// returned unchanged, as SQLite does.
    /// </param>
    /// <returns>The stem; the very <paramref name="word"/> instance when the word is its own stem.</returns>
    public static string Stem(string word)
    {
        ArgumentNullException.ThrowIfNull(word);

        if (word.Length > MaxTokenBytes)
        {
            // UTF-8 never takes fewer bytes than UTF-16 takes chars.
            return word;
        }

        // Step 1b appends an 'e' only after removing "ed" or "ing", so a stem never outgrows its token;
        // the spare byte just keeps that obvious.
        Span<byte> buffer = stackalloc byte[MaxTokenBytes + 1];
        int length;
        var isAscii = Ascii.IsValid(word);
        if (isAscii)
        {
            length = word.Length;
            if (length < MinTokenBytes)
            {
                return word;
            }

            for (var i = 0; i < length; i++)
            {
                buffer[i] = (byte)word[i];
            }
        }
        else
        {
            // SQLite counts bytes: "ʃs" (3 bytes) is stemmed, a 22-letter Greek word (44 bytes) is not.
            length = Encoding.UTF8.GetByteCount(word);
            if (length < MinTokenBytes || length > MaxTokenBytes)
            {
                return word;
            }

            _ = Encoding.UTF8.GetBytes(word, buffer);
        }

        length = StemInPlace(buffer, length);
        ReadOnlySpan<byte> stem = buffer[..length];

        return isAscii && IsUnchanged(word, stem) ? word : Encoding.UTF8.GetString(stem);
    }

    /// <summary>Whether the stem of an all-ASCII word is the word itself.</summary>
    private static bool IsUnchanged(string word, ReadOnlySpan<byte> stem)
    {
        if (stem.Length != word.Length)
        {
            return false;
        }

        for (var i = 0; i < stem.Length; i++)
        {
            if (stem[i] != word[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stems <paramref name="w"/>[..<paramref name="n"/>] in place; returns the stem's length.</summary>
    private static int StemInPlace(Span<byte> w, int n)
    {
        n = Step1A(w, n);

        if (Step1B(w, ref n) && !Step1BRestoreE(w, ref n))
        {
            var last = w[n - 1];
            if (n >= 2 && last == w[n - 2] && !IsVowel(last, yIsVowel: false)
                && last != 'l' && last != 's' && last != 'z')
            {
                n--;
            }
            else if (Measure(w[..n]) == 1 && EndsCvc(w[..n]))
            {
                w[n++] = (byte)'e';
            }
        }

        // Step 1c: (*v*) y -> i.
        if (w[n - 1] == 'y' && ContainsVowel(w[..(n - 1)]))
        {
            w[n - 1] = (byte)'i';
        }

        n = Step2(w, n);
        n = Step3(w, n);
        n = Step4(w, n);

        // Step 5a: (m > 1) e -> ; (m = 1 and not *o) e -> .
        if (w[n - 1] == 'e')
        {
            var m = Measure(w[..(n - 1)]);
            if (m > 1 || (m == 1 && !EndsCvc(w[..(n - 1)])))
            {
                n--;
            }
        }

        // Step 5b: (m > 1 and *d and *L) -> single letter.
        if (n > 1 && w[n - 1] == 'l' && w[n - 2] == 'l' && Measure(w[..(n - 1)]) > 1)
        {
            n--;
        }

        return n;
    }

    /// <summary>Step 1a: sses -> ss, ies -> i, ss -> ss, s -> .</summary>
    private static int Step1A(ReadOnlySpan<byte> w, int n)
    {
        if (w[n - 1] != 's')
        {
            return n;
        }

        if (w[n - 2] == 'e')
        {
            var isSses = n > 4 && w[n - 4] == 's' && w[n - 3] == 's';
            var isIes = n > 3 && w[n - 3] == 'i';
            return isSses || isIes ? n - 2 : n - 1;
        }

        return w[n - 2] == 's' ? n : n - 1;
    }

    /// <summary>
    /// Step 1b, first part: (m > 0) eed -> ee; (*v*) ed -> ; (*v*) ing -> .
    /// Returns whether ed or ing was removed (which is when the second part applies).
    /// </summary>
    private static bool Step1B(Span<byte> w, ref int n)
    {
        if (HasSuffix(w, n, "eed"u8))
        {
            if (Measure(w[..(n - 3)]) > 0)
            {
                n--;
            }

            return false;
        }

        if (HasSuffix(w, n, "ed"u8))
        {
            if (ContainsVowel(w[..(n - 2)]))
            {
                n -= 2;
                return true;
            }

            return false;
        }

        if (HasSuffix(w, n, "ing"u8) && ContainsVowel(w[..(n - 3)]))
        {
            n -= 3;
            return true;
        }

        return false;
    }

    /// <summary>Step 1b, second part: at -> ate, bl -> ble, iz -> ize. Returns whether one applied.</summary>
    private static bool Step1BRestoreE(Span<byte> w, ref int n)
    {
        if (HasSuffix(w, n, "at"u8) || HasSuffix(w, n, "bl"u8) || HasSuffix(w, n, "iz"u8))
        {
            w[n++] = (byte)'e';
            return true;
        }

        return false;
    }

    /// <summary>Step 2: double suffixes to single ones, when (m > 0).</summary>
    private static int Step2(Span<byte> w, int n)
    {
        if (n < 2)
        {
            return n;
        }

        // Only the first (that is, the longest) matching suffix is considered, even when its condition fails.
        _ = w[n - 2] switch
        {
            (byte)'a' => Rule(w, ref n, "ational"u8, "ate"u8, 0) || Rule(w, ref n, "tional"u8, "tion"u8, 0),
            (byte)'c' => Rule(w, ref n, "enci"u8, "ence"u8, 0) || Rule(w, ref n, "anci"u8, "ance"u8, 0),
            (byte)'e' => Rule(w, ref n, "izer"u8, "ize"u8, 0),
            (byte)'g' => Rule(w, ref n, "logi"u8, "log"u8, 0),
            (byte)'l' => Rule(w, ref n, "bli"u8, "ble"u8, 0) || Rule(w, ref n, "alli"u8, "al"u8, 0)
                || Rule(w, ref n, "entli"u8, "ent"u8, 0) || Rule(w, ref n, "eli"u8, "e"u8, 0)
                || Rule(w, ref n, "ousli"u8, "ous"u8, 0),
            (byte)'o' => Rule(w, ref n, "ization"u8, "ize"u8, 0) || Rule(w, ref n, "ation"u8, "ate"u8, 0)
                || Rule(w, ref n, "ator"u8, "ate"u8, 0),
            (byte)'s' => Rule(w, ref n, "alism"u8, "al"u8, 0) || Rule(w, ref n, "iveness"u8, "ive"u8, 0)
                || Rule(w, ref n, "fulness"u8, "ful"u8, 0) || Rule(w, ref n, "ousness"u8, "ous"u8, 0),
            (byte)'t' => Rule(w, ref n, "aliti"u8, "al"u8, 0) || Rule(w, ref n, "iviti"u8, "ive"u8, 0)
                || Rule(w, ref n, "biliti"u8, "ble"u8, 0),
            _ => false,
        };
        return n;
    }

    /// <summary>Step 3: -ic-, -full, -ness etc., when (m > 0).</summary>
    private static int Step3(Span<byte> w, int n)
    {
        if (n < 2)
        {
            return n;
        }

        _ = w[n - 2] switch
        {
            (byte)'a' => Rule(w, ref n, "ical"u8, "ic"u8, 0),
            (byte)'s' => Rule(w, ref n, "ness"u8, ""u8, 0),
            (byte)'t' => Rule(w, ref n, "icate"u8, "ic"u8, 0) || Rule(w, ref n, "iciti"u8, "ic"u8, 0),
            (byte)'u' => Rule(w, ref n, "ful"u8, ""u8, 0),
            (byte)'v' => Rule(w, ref n, "ative"u8, ""u8, 0),
            (byte)'z' => Rule(w, ref n, "alize"u8, "al"u8, 0),
            _ => false,
        };
        return n;
    }

    /// <summary>Step 4: remove -ant, -ence etc., when (m > 1).</summary>
    private static int Step4(Span<byte> w, int n)
    {
        if (n < 2)
        {
            return n;
        }

        _ = w[n - 2] switch
        {
            (byte)'a' => Rule(w, ref n, "al"u8, ""u8, 1),
            (byte)'c' => Rule(w, ref n, "ance"u8, ""u8, 1) || Rule(w, ref n, "ence"u8, ""u8, 1),
            (byte)'e' => Rule(w, ref n, "er"u8, ""u8, 1),
            (byte)'i' => Rule(w, ref n, "ic"u8, ""u8, 1),
            (byte)'l' => Rule(w, ref n, "able"u8, ""u8, 1) || Rule(w, ref n, "ible"u8, ""u8, 1),
            (byte)'n' => Rule(w, ref n, "ant"u8, ""u8, 1) || Rule(w, ref n, "ement"u8, ""u8, 1)
                || Rule(w, ref n, "ment"u8, ""u8, 1) || Rule(w, ref n, "ent"u8, ""u8, 1),
            (byte)'o' => RuleIon(w, ref n) || Rule(w, ref n, "ou"u8, ""u8, 1),
            (byte)'s' => Rule(w, ref n, "ism"u8, ""u8, 1),
            (byte)'t' => Rule(w, ref n, "ate"u8, ""u8, 1) || Rule(w, ref n, "iti"u8, ""u8, 1),
            (byte)'u' => Rule(w, ref n, "ous"u8, ""u8, 1),
            (byte)'v' => Rule(w, ref n, "ive"u8, ""u8, 1),
            (byte)'z' => Rule(w, ref n, "ize"u8, ""u8, 1),
            _ => false,
        };
        return n;
    }

    /// <summary>Step 4's (m > 1 and (*s or *t)) ion -> .</summary>
    private static bool RuleIon(ReadOnlySpan<byte> w, ref int n)
    {
        if (!HasSuffix(w, n, "ion"u8))
        {
            return false;
        }

        var stem = w[..(n - 3)];
        if ((stem[^1] == 's' || stem[^1] == 't') && Measure(stem) > 1)
        {
            n -= 3;
        }

        return true;
    }

    /// <summary>
    /// If the word ends in <paramref name="suffix"/> (with at least one byte in front of it), replaces the
    /// suffix with <paramref name="replacement"/> provided the measure of what precedes it exceeds
    /// <paramref name="minMeasure"/>. Returns whether the suffix matched, whether or not it was replaced.
    /// </summary>
    private static bool Rule(Span<byte> w, ref int n, ReadOnlySpan<byte> suffix, ReadOnlySpan<byte> replacement, int minMeasure)
    {
        if (!HasSuffix(w, n, suffix))
        {
            return false;
        }

        var stemLength = n - suffix.Length;
        if (Measure(w[..stemLength]) > minMeasure)
        {
            replacement.CopyTo(w[stemLength..]);
            n = stemLength + replacement.Length;
        }

        return true;
    }

    /// <summary>Whether w[..n] ends in <paramref name="suffix"/> and is longer than it (as SQLite requires).</summary>
    private static bool HasSuffix(ReadOnlySpan<byte> w, int n, ReadOnlySpan<byte> suffix) =>
        n > suffix.Length && w[..n].EndsWith(suffix);

    /// <summary>a, e, i, o, u; and y when it follows a consonant. Anything else is a consonant.</summary>
    private static bool IsVowel(byte c, bool yIsVowel) =>
        c is (byte)'a' or (byte)'e' or (byte)'i' or (byte)'o' or (byte)'u' || (yIsVowel && c == 'y');

    /// <summary>m in [C](VC)^m[V]: the number of vowel-to-consonant transitions.</summary>
    private static int Measure(ReadOnlySpan<byte> s)
    {
        var m = 0;
        var previousIsConsonant = false;
        for (var i = 0; i < s.Length; i++)
        {
            var isConsonant = !IsVowel(s[i], yIsVowel: previousIsConsonant);
            if (isConsonant && i > 0 && !previousIsConsonant)
            {
                m++;
            }

            previousIsConsonant = isConsonant;
        }

        return m;
    }

    /// <summary>*v*: the stem contains a vowel.</summary>
    private static bool ContainsVowel(ReadOnlySpan<byte> s)
    {
        var previousIsConsonant = false;
        foreach (var c in s)
        {
            if (IsVowel(c, yIsVowel: previousIsConsonant))
            {
                return true;
            }

            previousIsConsonant = true;
        }

        return false;
    }

    /// <summary>*o: the stem ends consonant-vowel-consonant, the last consonant not w, x or y.</summary>
    private static bool EndsCvc(ReadOnlySpan<byte> s)
    {
        if (s.Length < 3 || s[^1] is (byte)'w' or (byte)'x' or (byte)'y')
        {
            return false;
        }

        var pattern = 0;
        var previousIsConsonant = false;
        foreach (var c in s)
        {
            previousIsConsonant = !IsVowel(c, yIsVowel: previousIsConsonant);
            pattern = (pattern << 1) | (previousIsConsonant ? 1 : 0);
        }

        return (pattern & 0b111) == 0b101;
    }
}

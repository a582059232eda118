using System.Text.RegularExpressions;
using Bot.Index;
using Microsoft.Data.Sqlite;

namespace Bot.Tests.Index;

public sealed partial class PorterStemmerTests
{
    /// <summary>Words that exercise every rule of the algorithm, plus ones the corpus is about.</summary>
    private static readonly string[] TrickyWords =
    [
        "generalizations", "oscillators", "hopeful", "relational", "conditional", "rational", "valenci",
        "hesitanci", "digitizer", "conformabli", "radicalli", "differentli", "vileli", "analogousli",
        "vietnamization", "predication", "operator", "feudalism", "decisiveness", "hopefulness",
        "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate", "formative", "formalize",
        "electriciti", "electrical", "goodness", "revival", "allowance", "inference", "airliner",
        "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment", "dependent",
        "adoption", "homologou", "communism", "activate", "angulariti", "homologous", "effective",
        "bowdlerize", "probate", "rate", "cease", "controll", "roll", "agreed", "feed", "plastered", "bled",
        "motoring", "sing", "conflated", "troubled", "sized", "hopping", "tanned", "falling", "hissing",
        "fizzed", "failing", "filing", "happy", "sky", "caresses", "ponies", "ties", "caress", "cats", "won",
        "fought", "treaty", "treaties", "islands", "japanese", "russia", "russian", "kuril", "kurils", "1905",
        "c3po", "a", "an", "as", "is", "was", "archaeology", "theologies", "abli", "reasonabli",

        // Tokens that are (nearly) nothing but a suffix, where SQLite's "something must precede the suffix"
        // checks differ from the textbook's.
        "ies", "sses", "eed", "ied", "aed", "ating", "ated", "izing", "ing", "ed", "ion", "yes",
        "yed", "ying", "eying", "ayyed", "buyyed", "ssing", "eless", "ement", "ment", "ness", "ful",

        // Digits count as consonants.
        "1990s", "1940s", "mp3s", "24th", "2nd", "g7", "3ed", "b52ed", "a1ing", "x11", "w3c", "123456",
        "ab1e", "m1ll", "year2000s",

        // Length limits: SQLite leaves tokens longer than 64 bytes alone.
        new string('a', 60) + "tional", new string('b', 58) + "ations", new string('c', 57) + "ization",
    ];

    /// <summary>A few stems of each shape (empty, m = 0, 1, 2; ending cvc, in y, in a double consonant).</summary>
    private static readonly string[] AssortedStems =
    [
        "", "b", "a", "y", "tr", "ab", "ay", "by", "yy", "sy", "tra", "hop", "fil", "fail", "wax", "bow",
        "play", "troubl", "oat", "tann", "fizz", "hiss", "roll", "conform", "relat", "gener", "electr",
        "syzyg", "yay", "ayy", "abomin", "qu", "sequ", "1a", "a1", "x9",
    ];

    /// <summary>Every suffix any rule looks at, and a few chains of them.</summary>
    private static readonly string[] RuleSuffixes =
    [
        "", "s", "ss", "es", "ies", "sses", "ed", "eed", "ing", "y", "at", "bl", "iz", "ated", "bled",
        "ized", "ational", "tional", "enci", "anci", "izer", "bli", "abli", "alli", "entli", "eli", "ousli",
        "ization", "ation", "ator", "alism", "iveness", "fulness", "ousness", "aliti", "iviti", "biliti",
        "logi", "icate", "ative", "alize", "iciti", "ical", "ful", "ness", "al", "ance", "ence", "er", "ic",
        "able", "ible", "ant", "ement", "ment", "ent", "sion", "tion", "ion", "ou", "ism", "ate", "iti",
        "ous", "ive", "ize", "e", "le", "ll", "lled", "izations", "ationally", "fulnesses", "ements",
        "icates", "alities", "ying", "yed", "ies", "iness", "ically", "ousnesses", "ately", "logies",
    ];

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("ties", "ti")]
    [InlineData("caress", "caress")]
    [InlineData("cats", "cat")]
    [InlineData("relational", "relat")]
    [InlineData("generalizations", "gener")]
    [InlineData("hopping", "hop")]
    [InlineData("filing", "file")]
    [InlineData("agreed", "agre")]
    [InlineData("happy", "happi")]
    [InlineData("sky", "sky")]
    [InlineData("conformabli", "conform")]
    [InlineData("archaeology", "archaeolog")]
    [InlineData("treaties", "treati")]
    public void Stems_classic_examples_as_porter_describes(string word, string expected) =>
        Assert.Equal(expected, PorterStemmer.Stem(word));

    [Theory]
    [InlineData("a")]
    [InlineData("is")]
    [InlineData("1905")]
    [InlineData("sky")]
    public void Returns_the_very_same_string_when_the_word_is_its_own_stem(string word) =>
        Assert.Same(word, PorterStemmer.Stem(word));

    [Fact]
    public void Leaves_tokens_longer_than_64_bytes_alone()
    {
        var word = new string('x', 60) + "ations";

        Assert.Same(word, PorterStemmer.Stem(word));
    }

    [Fact]
    public void Stems_agree_with_sqlite_fts5_porter_for_the_whole_corpus_vocabulary()
    {
        var words = CorpusVocabulary();
        Assert.True(words.Count > 500, $"expected a sizeable corpus vocabulary, found {words.Count} words");

        AssertAgreesWithSqlite(words);
    }

    [Fact]
    public void Stems_agree_with_sqlite_fts5_porter_for_tricky_words()
    {
        AssertAgreesWithSqlite(TrickyWords);
    }

    [Fact]
    public void Stems_agree_with_sqlite_fts5_porter_for_every_rule_suffix_on_assorted_stems()
    {
        var words = AssortedStems
            .SelectMany(stem => RuleSuffixes.Select(suffix => stem + suffix))
            .Where(word => word.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .ToList();

        AssertAgreesWithSqlite(words);
    }

    [Fact]
    public void Stems_agree_with_sqlite_fts5_porter_for_tokens_with_non_ascii_letters()
    {
        // Not what the scorer normally sees, but SQLite stems UTF-8 bytes and so must we.
        string[] texts =
        [
            "straßes", "ʃs", "ʃʃing", "øresunds", "ελληνικές", "москвами", "日本語ing", "中文ed", "þorns",
            "ħopping", "łódźing", "ıslands", "œuvres", "æsthetical", "ŋaŋed",
        ];

        using var connection = OpenDatabase();
        Execute(connection, "CREATE VIRTUAL TABLE plain USING fts5(x, tokenize='unicode61 remove_diacritics 2')");
        Execute(connection, "CREATE VIRTUAL TABLE plain_terms USING fts5vocab(plain, 'instance')");
        Insert(connection, "plain", texts);
        Insert(connection, "t", texts);

        var tokens = TermsByRow(connection, "plain_terms");
        var stems = TermsByRow(connection, "v");
        Assert.Equal(texts.Length, tokens.Count);

        var mismatches = new List<string>();
        foreach (var (row, token) in tokens)
        {
            var ours = PorterStemmer.Stem(token);
            if (ours != stems[row])
            {
                mismatches.Add($"{token}: sqlite '{stems[row]}', ours '{ours}'");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
    }

    private static void AssertAgreesWithSqlite(IReadOnlyList<string> words)
    {
        using var connection = OpenDatabase();
        Insert(connection, "t", words);
        var sqliteStems = TermsByRow(connection, "v");

        var mismatches = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var row = i + 1L;
            var sqlite = sqliteStems.GetValueOrDefault(row, "<no token>");
            var ours = PorterStemmer.Stem(words[i]);
            if (ours != sqlite)
            {
                mismatches.Add($"{words[i]}: sqlite '{sqlite}', ours '{ours}'");
            }
        }

        Assert.True(
            mismatches.Count == 0,
            $"{mismatches.Count} of {words.Count} words stem differently:{Environment.NewLine}"
            + string.Join(Environment.NewLine, mismatches));
    }

    private static SqliteConnection OpenDatabase()
    {
        SQLitePCL.Batteries_V2.Init();
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        Execute(connection, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2')");
        Execute(connection, "CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Inserts each text as its own row, the i-th (0-based) with rowid i + 1.</summary>
    private static void Insert(SqliteConnection connection, string table, IReadOnlyList<string> texts)
    {
        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = table switch
        {
            "t" => "INSERT INTO t(rowid, x) VALUES ($rowid, $x)",
            "plain" => "INSERT INTO plain(rowid, x) VALUES ($rowid, $x)",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, "unknown table"),
        };
        var rowid = command.Parameters.Add("$rowid", SqliteType.Integer);
        var text = command.Parameters.Add("$x", SqliteType.Text);
        for (var i = 0; i < texts.Count; i++)
        {
            rowid.Value = i + 1L;
            text.Value = texts[i];
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    /// <summary>The one term each row holds, by rowid; fails if a row holds more than one.</summary>
    private static Dictionary<long, string> TermsByRow(SqliteConnection connection, string vocabulary)
    {
        using var command = connection.CreateCommand();
        command.CommandText = vocabulary switch
        {
            "v" => "SELECT doc, term FROM v",
            "plain_terms" => "SELECT doc, term FROM plain_terms",
            _ => throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, "unknown vocabulary"),
        };
        using var reader = command.ExecuteReader();
        var terms = new Dictionary<long, string>();
        while (reader.Read())
        {
            var row = reader.GetInt64(0);
            var term = reader.GetString(1);
            Assert.True(terms.TryAdd(row, term), $"row {row} yielded more than one token ('{terms[row]}', '{term}')");
        }

        return terms;
    }

    /// <summary>Every distinct lowercase [a-z0-9]+ token of the corpus files, in ordinal order.</summary>
    private static List<string> CorpusVocabulary()
    {
        var corpus = Path.Combine(RepositoryRoot(), "corpus");
        var files = Directory.GetFiles(corpus, "*.txt");
        Assert.NotEmpty(files);

        return files
            .SelectMany(file => TokenPattern().Matches(File.ReadAllText(file).ToLowerInvariant()))
            .Select(match => match.Value)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains Bot.sln.");
    }

    [GeneratedRegex("[a-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}

namespace Bot.Index;

/// <summary>The fields of a passage's Lucene document, and the version of that layout.</summary>
internal static class IndexSchema
{
    /// <summary>Changing the fields, the analysis or what is embedded must invalidate folders built by older versions.</summary>
    public const string SchemaVersion = "lucene48-bm25-v4";

    public const string IdField = "id";
    public const string TitleField = "title";
    public const string HeadingField = "heading";
    public const string BodyField = "body";
    public const string VectorField = "vector";
    public const string SentenceVectorsField = "sentence_vectors";
    public const string EmbeddedField = "embedded";
}

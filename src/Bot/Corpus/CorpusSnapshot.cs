namespace Bot.Corpus;

/// <summary>The loaded corpus: its documents, their passages in order, and a hash of everything that shaped them.</summary>
public sealed class CorpusSnapshot
{
    readonly Dictionary<string, Document> _documents;
    readonly Dictionary<string, Passage> _passages;

    public CorpusSnapshot(CorpusMetadata metadata, IReadOnlyList<Document> documents, string contentHash)
    {
        Metadata = metadata;
        Documents = documents;
        ContentHash = contentHash;
        Passages = [.. documents.SelectMany(d => d.Passages)];
        _documents = documents.ToDictionary(d => d.Id, StringComparer.OrdinalIgnoreCase);
        _passages = Passages.ToDictionary(p => p.Id, StringComparer.Ordinal);
    }

    public CorpusMetadata Metadata { get; }
    public IReadOnlyList<Document> Documents { get; }
    public IReadOnlyList<Passage> Passages { get; }
    public string ContentHash { get; }

    public Document? FindDocument(string id) => _documents.GetValueOrDefault(id);
    public Passage? FindPassage(string id) => _passages.GetValueOrDefault(id);
    public Document DocumentOf(Passage passage) => _documents[passage.DocumentId];
}

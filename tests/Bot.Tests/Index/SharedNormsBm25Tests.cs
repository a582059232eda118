using Bot.Corpus;
using Bot.Index;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Tests.Index;

public sealed class SharedNormsBm25Tests
{
    [Theory]
    [InlineData("peace treaty never signed")]
    [InlineData("how much oil could the rigs near japan supply per day")]
    [InlineData("medvedev visit kuril islands 2010 unforgivable outrage")]
    public void Sharing_the_norm_tables_ranks_and_scores_as_Lucenes_own_BM25(string question)
    {
        var corpus = new CorpusLoader(NullLogger<CorpusLoader>.Instance).Load(Support.Repository.Corpus);
        using var directory = new RAMDirectory();
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(TextAnalysis.Version, TextAnalysis.English) { Similarity = new BM25Similarity() }))
        {
            foreach (var passage in corpus.Passages)
                writer.AddDocument(new Lucene.Net.Documents.Document { new TextField("body", passage.Text, Field.Store.NO), new TextField("heading", passage.Heading ?? "", Field.Store.NO) });
        }
        using var reader = DirectoryReader.Open(directory);
        var query = new BooleanQuery();
        foreach (var stem in TextAnalysis.Stems(question).Distinct())
        {
            query.Add(new TermQuery(new Term("body", stem)), Occur.SHOULD);
            query.Add(new TermQuery(new Term("heading", stem)) { Boost = 1.5f }, Occur.SHOULD);
        }

        var shared = new SharedNormsBm25Similarity();
        var lucenes = new IndexSearcher(reader) { Similarity = new BM25Similarity() }.Search(query, 20).ScoreDocs;
        // Twice with one instance: the second search reads the tables the first one made.
        new IndexSearcher(reader) { Similarity = shared }.Search(query, 20);
        var ours = new IndexSearcher(reader) { Similarity = shared }.Search(query, 20).ScoreDocs;

        Assert.NotEmpty(lucenes);
        Assert.Equal(lucenes.Select(d => d.Doc), ours.Select(d => d.Doc));
        Assert.Equal(lucenes.Select(d => d.Score), ours.Select(d => d.Score));
    }
}

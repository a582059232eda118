namespace Bot.Embeddings;

/// <summary>The embedding model could not turn a question into a vector (ONNX Runtime failed, or a remote embedding service did): the bot cannot search.</summary>
public sealed class EmbeddingFailedException(Exception inner) : Exception("The embedding model failed on the question.", inner);

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.BotFramework;

public static class ActivityJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Replies are read by channels, not embedded in HTML: quotes and accents travel as themselves.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        // {"text":"a","text":"b"} says two things; which one a reader takes is not to be guessed.
        AllowDuplicateProperties = false,
    };
}

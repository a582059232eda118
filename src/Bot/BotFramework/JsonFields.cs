using System.Text.Json.Nodes;

namespace Bot.BotFramework;

/// <summary>
/// Reads fields of the free-form parts of an activity (entities, channelData, a Teams form's text) only when
/// they have the shape expected: anyone can post <c>"entities":[1]</c> or a mention whose text is a number,
/// and what does not fit is ignored, never an exception.
/// </summary>
public static class JsonFields
{
    /// <summary>
    /// The property's string, or null when the node is not an object, the property is not a string, or the
    /// string is not text (a lone surrogate, "\ud800", which cannot be read as a string).
    /// </summary>
    public static string? Text(JsonNode? node, string property)
    {
        try
        {
            return node is JsonObject o && o.TryGetPropertyValue(property, out var value) && value is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The property's object, or null when the node is not an object or the property is not one.</summary>
    public static JsonObject? Child(JsonNode? node, string property) =>
        node is JsonObject o && o.TryGetPropertyValue(property, out var value) ? value as JsonObject : null;
}

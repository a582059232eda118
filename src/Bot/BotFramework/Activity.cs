using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Bot.BotFramework;

/// <summary>
/// A Bot Framework activity, with the fields this bot reads or writes. Fields it does not know are kept
/// in <see cref="Extra"/>, so nothing a channel sends is lost by passing through.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }
    public string? Id { get; set; }
    public string? Timestamp { get; set; }
    public string? ChannelId { get; set; }
    public string? ServiceUrl { get; set; }
    public ChannelAccount? From { get; set; }
    public ChannelAccount? Recipient { get; set; }
    public ConversationAccount? Conversation { get; set; }
    public string? ReplyToId { get; set; }
    public string? Text { get; set; }
    public string? TextFormat { get; set; }
    public string? Locale { get; set; }
    public string? InputHint { get; set; }
    public string? DeliveryMode { get; set; }
    public string? Name { get; set; }
    public JsonElement? Value { get; set; }
    public JsonNode? ChannelData { get; set; }
    public List<ChannelAccount?>? MembersAdded { get; set; }
    public List<JsonNode>? Entities { get; set; }
    public SuggestedActions? SuggestedActions { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>
    /// Who the endpoint that took the activity knows sent it (the bot's own web chat, an authenticated channel,
    /// an anonymous caller): set by the endpoint, never read from JSON. Conversations are remembered per caller,
    /// channel and conversation id, so one way in cannot reach another's state by naming its conversation.
    /// </summary>
    [JsonIgnore]
    public string? Caller { get; set; }

    /// <summary>The key this conversation's memory and feedback are kept under.</summary>
    /// <remarks>Each part is written with its length, so no two callers, channels and conversations share a key ("a" and "b|c", "a|b" and "c").</remarks>
    [JsonIgnore]
    public string ConversationKey => Key(Caller ?? "local", ChannelId ?? "", Conversation?.Id ?? "");

    /// <summary>Bytes the activity took on the wire, as the endpoint read it: what holding it in the turn queue costs.</summary>
    [JsonIgnore]
    public int ReceivedBytes { get; set; }

    static string Key(params string[] parts) => string.Join('|', parts.Select(p => $"{p.Length}:{p}"));
}

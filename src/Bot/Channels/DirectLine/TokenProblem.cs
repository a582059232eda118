using System.Text.Json;
using Bot.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Bot.Channels.DirectLine;

/// <summary>Why a request's credentials did not open the conversation it asked for.</summary>
public enum TokenProblem { None, Missing, Unreadable, Expired, OtherConversation }

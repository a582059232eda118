using Bot.BotFramework;

namespace Bot.Channels;

/// <summary>Sends one reply on the channel the turn came from; returns the id the channel gave it, if any.</summary>
public delegate ValueTask<string?> SendReply(Activity reply, CancellationToken cancellationToken);

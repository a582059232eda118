using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Bot.Storage;

/// <summary>
/// Data Protection's key ring in the shared database, so a web chat token minted by one instance opens its
/// conversation on every other. Data Protection calls this rarely (at first use, then about once a day,
/// and when a token names a key it has not seen) and synchronously, hence the blocking calls.
/// Keys are stored as Data Protection writes them: whoever can read this table can mint tokens, so the
/// database's credentials are a secret of the same rank as a Direct Line secret.
/// </summary>
public sealed class PostgresKeyRing(ConversationDatabase database) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() =>
        database.RunAsync("read the token key ring", "(keys)", async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(connection, "SELECT xml FROM bot_key_ring ORDER BY name");
            await using var reader = await command.ExecuteReaderAsync(token).ConfigureAwait(false);
            var keys = new List<XElement>();
            while (await reader.ReadAsync(token).ConfigureAwait(false))
                keys.Add(XElement.Parse(reader.GetString(0)));
            return (IReadOnlyCollection<XElement>)keys;
        }, CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public void StoreElement(XElement element, string friendlyName) =>
        database.RunAsync("store a token key", "(keys)", async (connection, token) =>
        {
            await using var command = ConversationDatabase.Command(
                connection,
                "INSERT INTO bot_key_ring (name, xml) VALUES (@name, @xml) ON CONFLICT (name) DO NOTHING",
                ("name", friendlyName), ("xml", element.ToString(SaveOptions.DisableFormatting)));
            await command.ExecuteNonQueryAsync(token).ConfigureAwait(false);
        }, CancellationToken.None).AsTask().GetAwaiter().GetResult();
}

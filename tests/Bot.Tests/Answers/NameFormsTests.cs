using Bot.Index;

namespace Bot.Tests.Answers;

public sealed class NameFormsTests
{
    [Theory]
    [InlineData("japanes", "japan")]
    [InlineData("chines", "china")]
    [InlineData("soviet", "soviet")]
    [InlineData("finn", "finland")]
    [InlineData("russian", "russia")]
    public void A_name_and_its_people_or_adjective_are_one_name(string word, string name)
    {
        Assert.True(NameForms.Same(word, name));
        Assert.True(NameForms.Same(name, word));
    }

    [Theory]
    [InlineData("japan", "china")]
    [InlineData("korea", "kuril")]
    [InlineData("1904", "1905")]
    public void Different_names_are_not_matched(string word, string name)
    {
        Assert.False(NameForms.Same(word, name));
    }
}

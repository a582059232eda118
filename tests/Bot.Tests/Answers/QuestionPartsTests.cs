using Bot.Answers;

namespace Bot.Tests.Answers;

public sealed class QuestionPartsTests
{
    [Theory]
    [InlineData("When was the war fought and who won?", "When was the war fought?", "who won?")]
    [InlineData("Who met whom, and where?", "Who met whom?", "where?")]
    [InlineData("Who won? Why?", "Who won?", "Why?")]
    [InlineData("how many people live there and what do they do", "how many people live there?", "what do they do?")]
    [InlineData("Is there a peace treaty, and why not?", "Is there a peace treaty?", "why not?")]
    [InlineData("when did the first gas get to japan n how long does the trip take", "when did the first gas get to japan?", "how long does the trip take?")]
    [InlineData("who won + why", "who won?", "why?")]
    [InlineData("how much gas a year and for how many years", "how much gas a year?", "for how many years?")]
    public void A_message_asking_two_things_is_cut_into_its_questions(string message, string first, string second)
    {
        Assert.Equal([first, second], QuestionParts.Split(message));
    }

    [Theory]
    [InlineData("What does each side call the islands?")]
    [InlineData("What do Japan and Russia disagree about?")]
    [InlineData("When and where did they meet?")]
    [InlineData("What did Japan and Russia sign in 1956?")]
    [InlineData("How did relations change from the war to the 1956 declaration?")]
    [InlineData("why are they still at war? wasn't that over in 1945?")]
    public void A_single_question_stays_whole(string message)
    {
        Assert.Equal([message], QuestionParts.Split(message));
    }
}

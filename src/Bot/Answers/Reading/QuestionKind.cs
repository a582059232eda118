namespace Bot.Answers;

public enum QuestionKind { What, Who, When, Where, Quantity, YesNo, Why, How }

using CmqRecovery.Core.Questions;

namespace CmqRecovery.Core.Members;

/// <summary>The README's demo members, seeded in Development into an empty database.</summary>
public static class DemoMembers
{
    public const string Password = "Demo-motdepasse-2026";

    public static IReadOnlyDictionary<int, string> Answers { get; } = new Dictionary<int, string>
    {
        [QuestionCatalogue.PrimarySchool] = "Saint-Jean-Baptiste",
        [QuestionCatalogue.ParentsCity] = "Trois-Rivières",
        [QuestionCatalogue.ChildhoodFriend] = "Mathieu",
    };

    public static IReadOnlyList<NewMember> All { get; } =
    [
        new("Dre Marie Tremblay", "54321", "marie.tremblay@example.org", Password, Answers),
        new("Dr Julien Gagnon", "R12345", "julien.gagnon@example.org", Password, Answers),
        new("Chloé Roy", "E12342012", "chloe.roy@example.org", Password, Answers),
        new("Louis Côté", "50012345", "louis.cote@example.org", Password, Answers),
    ];
}

namespace CmqRecovery.Core.Questions;

/// <summary>The catalogue members choose from; seeded by the initial migration.</summary>
public static class QuestionCatalogue
{
    public const int PrimarySchool = 1;
    public const int ParentsCity = 2;
    public const int ChildhoodFriend = 3;

    public static IReadOnlyList<SecurityQuestion> All { get; } =
    [
        new() { Id = PrimarySchool, TextFr = "Quel était le nom de votre école primaire?", TextEn = "What was the name of your primary school?" },
        new() { Id = ParentsCity, TextFr = "Dans quelle ville vos parents se sont-ils rencontrés?", TextEn = "In which city did your parents meet?" },
        new() { Id = ChildhoodFriend, TextFr = "Quel est le prénom de votre meilleur ami d'enfance?", TextEn = "What is the first name of your best childhood friend?" },
        new() { Id = 4, TextFr = "Quel était le nom de votre premier animal de compagnie?", TextEn = "What was the name of your first pet?" },
        new() { Id = 5, TextFr = "Dans quelle ville êtes-vous né?", TextEn = "In which city were you born?" },
        new() { Id = 6, TextFr = "Quel est le nom de jeune fille de votre mère?", TextEn = "What is your mother's maiden name?" },
        new() { Id = 7, TextFr = "Quel était le modèle de votre première voiture?", TextEn = "What was the model of your first car?" },
        new() { Id = 8, TextFr = "Quel est le nom de la rue où vous avez grandi?", TextEn = "What is the name of the street where you grew up?" },
        new() { Id = 9, TextFr = "Quel était le nom de votre professeur préféré au secondaire?", TextEn = "What was the name of your favourite high school teacher?" },
        new() { Id = 10, TextFr = "Dans quel hôpital avez-vous fait votre premier stage?", TextEn = "In which hospital did you do your first clinical rotation?" },
    ];
}

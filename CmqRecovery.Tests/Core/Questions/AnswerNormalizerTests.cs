using CmqRecovery.Core.Questions;

namespace CmqRecovery.Tests.Core.Questions;

public class AnswerNormalizerTests
{
    [Theory]
    [InlineData("Trois-Rivières", "trois rivieres")]
    [InlineData("trois rivieres", "trois rivieres")]
    [InlineData("  TROIS   RIVIÈRES. ", "trois rivieres")]
    [InlineData("Saint-Jean-Baptiste", "saint jean baptiste")]
    [InlineData("st. jean", "st jean")]
    [InlineData("L'Assomption", "l assomption")]
    [InlineData("L’Assomption", "l assomption")] // typographic apostrophe
    [InlineData("Ｍａｔｈｉｅｕ", "mathieu")] // full-width letters fold under NFKC
    [InlineData("Mathieu\t", "mathieu")]
    [InlineData("Zoë", "zoe")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_Variant_ReturnsCanonicalAnswer(string? answer, string expected) =>
        Assert.Equal(expected, AnswerNormalizer.Normalize(answer));

    [Fact]
    public void Normalize_DifferentWords_StayDifferent() =>
        Assert.NotEqual(AnswerNormalizer.Normalize("Trois-Rivières"), AnswerNormalizer.Normalize("Troisrivieres"));

    [Fact]
    public void Combine_SwappedQuestionOrder_GivesTheSameSecret() =>
        Assert.Equal(
            AnswerPairSecret.Combine(2, "Trois-Rivières", 1, "Saint-Jean-Baptiste"),
            AnswerPairSecret.Combine(1, "saint jean baptiste", 2, "trois rivieres"));

    [Fact]
    public void Combine_BoundaryShift_GivesADifferentSecret() =>
        Assert.NotEqual(AnswerPairSecret.Combine(1, "ab", 2, "c"), AnswerPairSecret.Combine(1, "a", 2, "bc"));
}

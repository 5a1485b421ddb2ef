using CmqRecovery.Core.Recovery;

namespace CmqRecovery.Tests.Core.Recovery;

public sealed class PasswordPolicyTests
{
    private const string Code = "54321";
    private const string Email = "marie.tremblay@example.org";
    private const string Name = "Dre Marie-Ève Tremblay";

    private static IReadOnlyList<PasswordRefusal> Evaluate(string password, string displayName = Name) =>
        PasswordPolicy.Evaluate(password, password, Code, Email, displayName);

    [Fact]
    public void CommonPasswords_ShippedList_HoldsAtLeast100000DistinctPasswords()
    {
        Assert.True(CommonPasswords.Count >= 100_000, $"only {CommonPasswords.Count} entries");
    }

    [Theory]
    [InlineData("ghhh47hj7649")] // on the list, yet zxcvbn alone scores it strong: only the list refuses it
    [InlineData("GHHH47HJ7649")] // case does not help
    [InlineData("ｇｈｈｈ４７ｈｊ７６４９")] // nor full-width characters: NFKC, as the policy normalises
    public void Evaluate_LongPasswordOnTheList_IsRefusedAsCommonOnly(string password)
    {
        Assert.Equal([PasswordRefusal.Common], Evaluate(password));
    }

    [Fact]
    public void Evaluate_ShortPasswordOnTheList_IsRefusedAsShortAndCommon()
    {
        Assert.Equal([PasswordRefusal.TooShort, PasswordRefusal.Common], Evaluate("password"));
    }

    [Theory]
    [InlineData("Quatre chevaux de Tremblay dansent")]
    [InlineData("quatre chevaux de marie dansent")]
    [InlineData("Quatre chevaux d'EVE dansent ici")] // a hyphenated first name's parts, accents ignored
    [InlineData("Quatre chevaux d'Ève dansent ici")]
    public void Evaluate_ContainsNamePart_IsRefused(string password)
    {
        Assert.Contains(PasswordRefusal.ContainsName, Evaluate(password));
    }

    [Fact]
    public void Evaluate_TitleOrShortNamePart_IsNotTheName()
    {
        // "Dre" is a title, not a name: passwords with « cadre » or « ordre » stay allowed.
        Assert.DoesNotContain(PasswordRefusal.ContainsName, Evaluate("Un cadre dans un ordre bleu vif"));
        Assert.DoesNotContain(PasswordRefusal.ContainsName, Evaluate("Quatre chevaux bleus dansent", "Li Wu"));
    }

    [Theory]
    [InlineData("Chloé", "Quatre chevaux de chloe dansent")]
    [InlineData("Chloe", "Quatre chevaux de CHLOÉ dansent")]
    [InlineData("Louis Côté", "Quatre chevaux de cote dansent")]
    [InlineData("Chloé Roy", "Quatre chevaux du roy dansent")] // three letters are enough
    public void Evaluate_NameWithOrWithoutAccents_IsRefused(string displayName, string password)
    {
        Assert.Contains(PasswordRefusal.ContainsName, Evaluate(password, displayName));
    }

    [Theory]
    [InlineData("Quatre chevaux du Collège dansent")]
    [InlineData("quatre chevaux des medecins dansent")]
    [InlineData("Quatre chevaux du QUEBEC dansent")]
    [InlineData("Quatre chevaux de la cmq dansent")]
    [InlineData("Quatre chevaux de messagerie dansent")]
    public void Evaluate_ContainsCollegeWord_IsRefused(string password)
    {
        Assert.Contains(PasswordRefusal.ContainsCollegeWord, Evaluate(password));
    }

    [Theory]
    [InlineData("Quatre chevaux bleus dansent sous la pluie")]
    [InlineData("correct horse battery staple")]
    [InlineData("Érable-sucré-Tadoussac-2026!")]
    public void Evaluate_UncommonPassphraseWithoutNameOrCollegeWords_IsAccepted(string password)
    {
        Assert.Empty(Evaluate(password));
    }
}

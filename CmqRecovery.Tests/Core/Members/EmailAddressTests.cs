using CmqRecovery.Core.Members;

namespace CmqRecovery.Tests.Core.Members;

public class EmailAddressTests
{
    [Theory]
    [InlineData("marie.tremblay@example.org", "m*****y@example.org")]
    [InlineData("50143904@50143904.com", "5*****4@50143904.com")] // the seed's own example
    [InlineData("ab@example.org", "a*****b@example.org")]
    [InlineData("a@example.org", "a*****a@example.org")]
    public void Mask_Address_ShowsFirstAndLastOfLocalPartAndFullDomain(string email, string expected) =>
        Assert.Equal(expected, EmailAddress.Mask(email));

    [Fact]
    public void Mask_LongAndShortLocalParts_HaveTheSameNumberOfAsterisks() =>
        Assert.Equal(EmailAddress.Mask("ab@x.org").Count(c => c == '*'), EmailAddress.Mask("abcdefghijkl@x.org").Count(c => c == '*'));

    [Theory]
    [InlineData("marie.tremblay@example.org", true)]
    [InlineData(" marie.tremblay@example.org ", true)]
    [InlineData("marie.tremblay", false)]
    [InlineData("marie@localhost", false)]
    [InlineData("Marie <marie@example.org>", false)]
    [InlineData("a@b@example.org", false)]
    [InlineData("", false)]
    public void IsValid_Input_AcceptsOnlyPlainAddresses(string input, bool expected) =>
        Assert.Equal(expected, EmailAddress.IsValid(input));
}

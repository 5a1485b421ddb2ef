using CmqRecovery.Core.Members;

namespace CmqRecovery.Tests.Core.Members;

public class UserCodeTests
{
    [Theory]
    [InlineData("54321", "54321", MemberKind.Physician)]
    [InlineData("R12345", "R12345", MemberKind.Resident)]
    [InlineData("r12345", "R12345", MemberKind.Resident)]
    [InlineData("E12342012", "E12342012", MemberKind.Student)]
    [InlineData("e12342012", "E12342012", MemberKind.Student)]
    [InlineData("50012345", "50012345", MemberKind.Other)]
    [InlineData("  54321 ", "54321", MemberKind.Physician)]
    public void TryParse_SeedFormat_ReturnsCanonicalCodeAndKind(string input, string expected, MemberKind kind)
    {
        Assert.True(UserCode.TryParse(input, out var canonical, out var parsedKind));
        Assert.Equal(expected, canonical);
        Assert.Equal(kind, parsedKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("5432")] // permit: 4 digits
    [InlineData("543210")] // permit: 6 digits
    [InlineData("R1234")] // resident: 4 digits
    [InlineData("R123456")] // resident: 6 digits
    [InlineData("X12345")] // wrong letter
    [InlineData("E1234201")] // student: 7 digits
    [InlineData("E123420123")] // student: 9 digits
    [InlineData("50112345")] // 8 digits not starting with 500
    [InlineData("5001234")] // 500 + 4 digits
    [InlineData("500123456")] // 500 + 6 digits
    [InlineData("R 12345")] // inner space
    [InlineData("٥٤٣٢١")] // Arabic-Indic digits are not ASCII digits
    [InlineData("54321\n")] // trailing newline is trimmed, so this one is valid; see below
    public void TryParse_NearMiss_IsRefused(string? input)
    {
        if (input == "54321\n")
        {
            // Trim removes surrounding whitespace including newlines: still the permit.
            Assert.True(UserCode.TryParse(input, out _, out _));
            return;
        }

        Assert.False(UserCode.TryParse(input, out var canonical, out _));
        Assert.Null(canonical);
    }
}

using System.Text;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Register;

namespace CmqRecovery.Tests.Core.Register;

public sealed class RegisterFileTests
{
    internal static MemoryStream Utf8(string text, bool bom = false) =>
        new([.. (bom ? Encoding.UTF8.GetPreamble() : []), .. Encoding.UTF8.GetBytes(text)]);

    [Fact]
    public void Read_EveryKindOfError_EachReportedWithItsLine()
    {
        var file = string.Join("\n",
            "code;nom;courriel",                                   // 1
            "54321;Dre Marie Tremblay;marie.tremblay@example.org", // 2 valid
            "",                                                    // 3 empty: skipped
            "1234;Dr Trop Court;court@example.org",                // 4 bad code
            "R12345;Dr Julien Gagnon;julien.gagnon(at)example.org",// 5 bad email
            "54321;Autre Tremblay;autre@example.org",              // 6 duplicate code
            "E12342012;Chloé Roy;MARIE.TREMBLAY@example.org",      // 7 duplicate email (case aside)
            "50012345;;louis.cote@example.org",                    // 8 no name
            "r54321;Hélène Bélanger-Côté;helene@example.org",      // 9 valid: accents, lower-case code
            "");

        var content = RegisterFile.Read(Utf8(file, bom: true));

        Assert.Equal([4, 5, 6, 7, 8], content.Errors.Select(e => e.Line));
        Assert.Contains("1234", content.Errors[0].Message);
        Assert.Contains("line 2", content.Errors[2].Message);
        Assert.Contains("line 2", content.Errors[3].Message);
        Assert.Equal(["54321", "R54321"], content.Rows.Select(r => r.UserCode));
        var accented = content.Rows[1];
        Assert.Equal(("Hélène Bélanger-Côté", MemberKind.Resident, 9), (accented.DisplayName, accented.Kind, accented.Line));
    }

    [Theory]
    [InlineData(",", false)]
    [InlineData(";", true)]
    public void Read_EitherSeparatorWithOrWithoutBom_ReadsTheSameRows(string separator, bool bom)
    {
        var file = $"courriel{separator}code{separator}nom\r\nmarie.tremblay@example.org{separator}54321{separator}\"Tremblay, Marie\"\r\n";

        var content = RegisterFile.Read(Utf8(file, bom));

        Assert.Empty(content.Errors);
        var row = Assert.Single(content.Rows);
        Assert.Equal(("54321", "Tremblay, Marie", "marie.tremblay@example.org", 2), (row.UserCode, row.DisplayName, row.Email, row.Line));
    }

    [Theory]
    [InlineData("code;name;email\n54321;Marie;marie@example.org\n")]
    [InlineData("code|nom|courriel\n54321|Marie|marie@example.org\n")]
    [InlineData("")]
    public void Read_WrongHeader_ReportsLineOneAndNoRow(string file)
    {
        var content = RegisterFile.Read(Utf8(file));

        Assert.Equal(1, Assert.Single(content.Errors).Line);
        Assert.Empty(content.Rows);
    }

    [Fact]
    public void Read_NotUtf8_ReportsTheFile()
    {
        var latin1 = Encoding.Latin1.GetBytes("code;nom;courriel\n54321;Chloé Roy;chloe@example.org\n");

        var content = RegisterFile.Read(new MemoryStream(latin1));

        Assert.Contains("UTF-8", Assert.Single(content.Errors).Message);
    }
}

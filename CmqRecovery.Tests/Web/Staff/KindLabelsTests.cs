using System.Globalization;
using System.Reflection;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Mail;
using CmqRecovery.Web.Resources;
using CmqRecovery.Web.Staff;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Tests.Web.Staff;

/// <summary>
/// Every audit kind and every mail kind has words in fr-CA and en-CA: read by reflection, so a kind added without its
/// label in KindLabels and both resx files fails here.
/// </summary>
public sealed class KindLabelsTests
{
    public static TheoryData<string> Cultures => new() { "fr-CA", "en-CA" };

    /// <summary>Every kind MailKinds can name: its constants and the notices it builds.</summary>
    public static IReadOnlyList<string> AllMailKinds() =>
        typeof(MailKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.FieldType == typeof(string))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Concat(Enum.GetValues<MemberNotice>().Select(MailKinds.Notice))
            .ToList();

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Audit_EveryKind_HasWordsNotItsCode(string culture)
    {
        var labels = InCulture(culture, localizer => Enum.GetValues<AuditKind>().ToDictionary(kind => kind, kind => KindLabels.Audit(localizer, kind)));

        Assert.All(labels, pair =>
        {
            Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key} has no label in {culture}.");
            Assert.NotEqual(pair.Key.ToString(), pair.Value);
        });
        Assert.Equal(labels.Count, labels.Values.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public void Mail_EveryKind_HasWordsNotItsCode(string culture)
    {
        var kinds = AllMailKinds();
        var labels = InCulture(culture, localizer => kinds.ToDictionary(kind => kind, kind => KindLabels.Mail(localizer, kind)));

        Assert.Equal(10, kinds.Count); // the reflection sees the constants and the three notices
        Assert.All(labels, pair =>
        {
            Assert.False(string.IsNullOrWhiteSpace(pair.Value), $"{pair.Key} has no label in {culture}.");
            Assert.NotEqual(pair.Key, pair.Value);
        });
        Assert.Equal(labels.Count, labels.Values.Distinct().Count());
    }

    [Fact]
    public void Labels_FrenchAndEnglish_AreEachTheirOwn()
    {
        Assert.Equal("Suspension levée par le soutien", InCulture("fr-CA", l => KindLabels.Audit(l, AuditKind.StaffSuspensionLifted)));
        Assert.Equal("Suspension lifted by staff", InCulture("en-CA", l => KindLabels.Audit(l, AuditKind.StaffSuspensionLifted)));
        Assert.Equal("Lien de réinitialisation", InCulture("fr-CA", l => KindLabels.Mail(l, MailKinds.ResetLink)));
        Assert.Equal("Reset link", InCulture("en-CA", l => KindLabels.Mail(l, MailKinds.ResetLink)));
    }

    [Fact]
    public void Mail_KindWithoutLabel_ShowsItsStoredCode()
    {
        // A row a newer node wrote during a rolling deployment: shown as stored, never an exception or a blank.
        Assert.Equal("some-future-kind", InCulture("fr-CA", l => KindLabels.Mail(l, "some-future-kind")));
    }

    /// <summary>The app's localizer, as AddLocalization registers it, reading in <paramref name="culture"/>.</summary>
    private static T InCulture<T>(string culture, Func<IStringLocalizer, T> read)
    {
        using var services = new ServiceCollection().AddLogging().AddLocalization().BuildServiceProvider();
        var localizer = services.GetRequiredService<IStringLocalizer<Strings>>();
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return read(localizer);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

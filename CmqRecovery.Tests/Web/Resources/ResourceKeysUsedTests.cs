using CmqRecovery.Tests.TestSupport;
using System.Xml.Linq;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Staff;

namespace CmqRecovery.Tests.Web.Resources;

/// <summary>No text is kept that nothing shows: every resx key is named somewhere in the code that reads it.</summary>
public sealed class ResourceKeysUsedTests
{
    private static readonly string Root = Repository.Root;

    [Fact]
    public void StringsResx_EveryKey_IsNamedByTheWebApp()
    {
        var code = Sources(Path.Combine(Root, "CmqRecovery.Web"), "*.cs", "*.razor");
        // Keys built from a value at run time: $"Refusal{refusal}", $"Strength{score}", $"AnswerRefusal{refusal}",
        // $"Activity{kind}" (« Mon compte »'s recent activity shows some audit kinds), $"StaffReason{reason}" (the
        // console's list of lookup reasons).
        var built = Enum.GetNames<PasswordRefusal>().Select(name => "Refusal" + name)
            .Concat(Enumerable.Range(0, 5).Select(score => "Strength" + score))
            .Concat(Enum.GetNames<AnswerRefusal>().Select(name => "AnswerRefusal" + name))
            .Concat(Enum.GetNames<AuditKind>().Select(name => "Activity" + name))
            .Concat(Enum.GetNames<StaffReason>().Select(name => "StaffReason" + name))
            .ToHashSet();

        var unused = Keys(Path.Combine(Root, "CmqRecovery.Web", "Resources", "Strings.resx"))
            .Where(key => !built.Contains(key) && !code.Contains($"\"{key}\"", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(unused);
    }

    [Fact]
    public void MailTextResx_EveryKey_IsUsedByTheMails()
    {
        var folder = Path.Combine(Root, "CmqRecovery.Core", "Mail");
        var code = string.Join('\n', Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(file => Path.GetFileName(file) != "MailText.cs")
            .Select(File.ReadAllText));

        var unused = Keys(Path.Combine(folder, "Resources", "MailText.resx"))
            .Where(key => !code.Contains($"MailText.{key}", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(unused);
    }

    private static IEnumerable<string> Keys(string resx) =>
        XDocument.Load(resx).Root!.Elements("data").Select(d => (string)d.Attribute("name")!);

    private static string Sources(string folder, params string[] patterns) => string.Join('\n', patterns
        .SelectMany(pattern => Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
        .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
            && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(File.ReadAllText));
}

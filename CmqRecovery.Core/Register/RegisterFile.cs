using System.Globalization;
using System.Text;
using CmqRecovery.Core.Members;
using CsvHelper;

namespace CmqRecovery.Core.Register;

/// <summary>The register's lines and every error found in them; nothing may be imported unless Errors is empty.</summary>
public sealed record RegisterContent(IReadOnlyList<RegisterRow> Rows, IReadOnlyList<RegisterError> Errors);

/// <summary>
/// Reads the Collège's register: UTF-8 with or without a BOM, <c>;</c> or <c>,</c> between fields, the header
/// <c>code</c>, <c>nom</c>, <c>courriel</c> (any order, any case). Each line is checked on its own (code format, email
/// syntax, a name) and against the others (a code or an email twice); blank lines are skipped.
/// </summary>
public static class RegisterFile
{
    public const string CodeHeader = "code";
    public const string NameHeader = "nom";
    public const string EmailHeader = "courriel";

    private const int NameMaxLength = 200;

    public static RegisterContent Read(Stream stream)
    {
        // Strict UTF-8 (a BOM is skipped): a file saved as Windows-1252 fails loudly instead of importing mangled accents.
        using var text = new StreamReader(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var options = new CsvReaderOptions { TrimWhitespace = true, SkipEmptyLines = true, TrackLineNumbers = true };
        var rows = new List<RegisterRow>();
        var errors = new List<RegisterError>();
        try
        {
            using var csv = CsvReader.Create(text, options);
            csv.ReadHeader();
            if (csv.Separator is not (';' or ',') || ColumnsOf(csv.Headers) is not { } columns)
            {
                return new([], [new(1, $"the header must name the columns {CodeHeader}, {NameHeader} and {EmailHeader}, separated by ; or ,")]);
            }

            var codes = new Dictionary<string, int>(StringComparer.Ordinal);
            var emails = new Dictionary<string, int>(StringComparer.Ordinal);
            while (csv.Read())
            {
                var line = (int)csv.LineNumber;
                var row = ReadRow(csv, columns, line, errors);
                if (row is null)
                {
                    continue;
                }

                if (!codes.TryAdd(row.UserCode, line))
                {
                    errors.Add(new(line, $"code {row.UserCode} already on line {codes[row.UserCode]}"));
                    continue;
                }

                if (!emails.TryAdd(row.NormalizedEmail, line))
                {
                    errors.Add(new(line, $"email {row.Email} already on line {emails[row.NormalizedEmail]}"));
                    continue;
                }

                rows.Add(row);
            }
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(0, "the file is not UTF-8 (save it as « CSV UTF-8 »)"));
        }

        return new(rows, errors);
    }

    private sealed record Columns(int Code, int Name, int Email);

    private static Columns? ColumnsOf(IReadOnlyList<string>? header)
    {
        var names = (header ?? []).Select(h => h.Trim().ToLowerInvariant()).ToList();
        int[] indexes = [names.IndexOf(CodeHeader), names.IndexOf(NameHeader), names.IndexOf(EmailHeader)];
        return indexes.Any(i => i < 0) ? null : new(indexes[0], indexes[1], indexes[2]);
    }

    private static RegisterRow? ReadRow(CsvReader csv, Columns columns, int line, List<RegisterError> errors)
    {
        var code = Field(csv, columns.Code);
        var name = Field(csv, columns.Name);
        var email = Field(csv, columns.Email);
        var before = errors.Count;
        if (!UserCode.TryParse(code, out var canonical, out var kind))
        {
            errors.Add(new(line, $"code « {code} » matches none of the four formats"));
        }

        if (name.Length is 0 or > NameMaxLength)
        {
            errors.Add(new(line, $"the name must have 1 to {NameMaxLength} characters"));
        }

        if (!EmailAddress.IsValid(email))
        {
            errors.Add(new(line, $"email « {email} » is not a valid address"));
        }

        return errors.Count == before ? new RegisterRow(line, canonical!, kind, name, email.Trim()) : null;
    }

    private static string Field(CsvReader csv, int index) =>
        index < csv.FieldCount ? csv.GetString(index)?.Trim() ?? string.Empty : string.Empty;
}

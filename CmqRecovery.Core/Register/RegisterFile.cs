using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using CmqRecovery.Core.Members;
using CsvHelper;

namespace CmqRecovery.Core.Register;

/// <summary>The register's lines and every error found in them, all in memory (small files and tests).</summary>
public sealed record RegisterContent(IReadOnlyList<RegisterRow> Rows, IReadOnlyList<RegisterError> Errors);

/// <summary>
/// Reads the Collège's register: UTF-8 with or without a BOM, <c>;</c> or <c>,</c> between fields, the header
/// <c>code</c>, <c>nom</c>, <c>courriel</c> (any order, any case). Each line is checked on its own (code format, email
/// syntax, a name) and against the others (a code or an email twice); blank lines are skipped. Streamed: only the
/// codes and emails seen so far are kept (for the duplicates), never the rows, so memory stays flat as files grow.
/// </summary>
public static class RegisterFile
{
    public const string CodeHeader = "code";
    public const string NameHeader = "nom";
    public const string EmailHeader = "courriel";

    private const int NameMaxLength = 200;

    public static RegisterContent Read(Stream stream)
    {
        var errors = new List<RegisterError>();
        var rows = Rows(stream, errors).ToList();
        return new(rows, errors);
    }

    /// <summary>
    /// The valid rows in file order, as they are read; each error is added to <paramref name="errors"/> as its line is
    /// reached (line 1, the header; line 0, the file itself). Rows yielded before an error are not valid imports on
    /// their own: only a pass that ends with no error may be written.
    /// </summary>
    /// <param name="duplicates">
    /// False only over bytes already checked with it true: the codes and emails seen so far are the one thing a pass
    /// keeps, growing with the file (about 200 bytes a line), so a second pass over the same bytes does without them.
    /// </param>
    public static IEnumerable<RegisterRow> Rows(Stream stream, List<RegisterError> errors, IncrementalHash? digest = null, bool duplicates = true)
    {
        // Strict UTF-8 (a BOM is skipped): a file saved as Windows-1252 fails loudly instead of importing mangled accents.
        using var text = new StreamReader(
            digest is null ? stream : new DigestStream(stream, digest),
            new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        var options = new CsvReaderOptions { TrimWhitespace = true, SkipEmptyLines = true, TrackLineNumbers = true };
        using var csv = CsvReader.Create(text, options);
        if (!Decoded(() => { csv.ReadHeader(); return true; }, errors))
        {
            yield break;
        }

        if (csv.Separator is not (';' or ',') || ColumnsOf(csv.Headers) is not { } columns)
        {
            errors.Add(new(1, $"the header must name the columns {CodeHeader}, {NameHeader} and {EmailHeader}, separated by ; or ,"));
            yield break;
        }

        var codes = new Dictionary<string, int>(StringComparer.Ordinal);
        var emails = new Dictionary<string, int>(StringComparer.Ordinal);
        while (Decoded(csv.Read, errors))
        {
            var line = (int)csv.LineNumber;
            var row = ReadRow(csv, columns, line, errors);
            if (row is null)
            {
                continue;
            }

            if (!duplicates)
            {
                yield return row;
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

            yield return row;
        }
    }

    private static bool Decoded(Func<bool> read, List<RegisterError> errors)
    {
        try
        {
            return read();
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new(0, "the file is not UTF-8 (save it as « CSV UTF-8 »)"));
            return false;
        }
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

    /// <summary>Feeds every byte read to a digest: the import's two passes prove they read the same file.</summary>
    private sealed class DigestStream(Stream inner, IncrementalHash digest) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = inner.Read(buffer, offset, count);
            digest.AppendData(buffer, offset, read);
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            digest.AppendData(buffer[..read]);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}

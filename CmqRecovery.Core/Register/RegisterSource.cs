namespace CmqRecovery.Core.Register;

/// <summary>
/// A register the import can read more than once: a first pass checks every line, a second writes. Nothing of the
/// file is held between the passes, so a file of any length costs the same memory. Each stream must be seekable: the
/// second pass hashes its stream, compares with the first pass's digest, then reads the same stream from the start.
/// </summary>
public sealed class RegisterSource(Func<Stream> open)
{
    public Stream Open() => open();

    /// <summary>Read-only, and shared for reading only: no one can write the file while a pass has it open.</summary>
    public static RegisterSource FromFile(string path) =>
        new(() => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 64 * 1024, FileOptions.SequentialScan));

    public static RegisterSource FromBytes(byte[] bytes) => new(() => new MemoryStream(bytes, writable: false));
}

namespace CmqRecovery.Core.Data;

/// <summary>Which engine holds the data: <c>Database:Provider</c> in configuration.</summary>
public enum DatabaseProvider
{
    /// <summary>One file, one process: the default of <c>dotnet run</c>.</summary>
    Sqlite,

    /// <summary>Shared by every node.</summary>
    PostgreSql,
}

namespace CmqRecovery.Core.Security;

/// <summary>A random key made once per installation and shared by every node through the database.</summary>
public sealed class ServerSecret
{
    public required string Name { get; set; }
    public required byte[] Value { get; set; }
}

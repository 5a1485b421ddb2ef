using System.Net;

namespace CmqRecovery.Core.Security.Throttling;

/// <summary>
/// The key a client's per-IP limits are counted under. IPv4 by address; IPv6 by its /64, since one subscriber
/// commonly holds a whole /64 and could otherwise rotate through 2^64 addresses.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string PartitionKey(string? ipAddress) =>
        IPAddress.TryParse(ipAddress, out var address) ? PartitionKey(address) : Unknown;

    public static string PartitionKey(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}

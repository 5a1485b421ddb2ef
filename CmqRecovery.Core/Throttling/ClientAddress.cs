using System.Globalization;
using System.Net;

namespace CmqRecovery.Core.Throttling;

/// <summary>
/// The key a client's per-IP limits are counted under. IPv4 by address; IPv6 by its prefix (a /64 by default, or
/// <see cref="RateLimitsOptions.IPv6PrefixLength"/>), since one subscriber commonly holds a whole /64 (some a /56 or a
/// /48) and could otherwise rotate through its addresses.
/// </summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public const int DefaultIPv6PrefixLength = 64;

    // No overload without the prefix: every caller goes through SharedRateLimiters.PartitionKey, which applies the setting.
    public static string PartitionKey(string? ipAddress, int ipv6PrefixLength) =>
        IPAddress.TryParse(ipAddress, out var address) ? PartitionKey(address, ipv6PrefixLength) : Unknown;

    public static string PartitionKey(IPAddress? address, int ipv6PrefixLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ipv6PrefixLength, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ipv6PrefixLength, 128);
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
        for (var i = 0; i < bytes.Length; i++)
        {
            var kept = Math.Clamp(ipv6PrefixLength - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - kept));
        }

        return new IPAddress(bytes) + "/" + ipv6PrefixLength.ToString(CultureInfo.InvariantCulture);
    }
}

using System.Security.Claims;
using CmqRecovery.Core.Staff;
using CmqRecovery.Web.Staff;

namespace CmqRecovery.Tests.Web.Staff;

public sealed class StaffPrincipalTests
{
    private static readonly DateTimeOffset SignedIn = new(2026, 12, 7, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Expired_WithinTheLifetime_IsFalseAndFromItsEndTrue()
    {
        var principal = StaffPrincipal.For("agent1", "Agent 1", [StaffRoles.Support], SignedIn);

        Assert.False(StaffPrincipal.Expired(principal, SignedIn.AddHours(8).AddSeconds(-1), TimeSpan.FromHours(8)));
        Assert.True(StaffPrincipal.Expired(principal, SignedIn.AddHours(8), TimeSpan.FromHours(8)));
    }

    [Fact]
    public void Expired_NoStartOrAStartInTheFuture_IsTrue()
    {
        var withoutStart = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "agent1")], StaffSchemes.Cookie));
        var fromTheFuture = StaffPrincipal.For("agent1", "Agent 1", [StaffRoles.Support], SignedIn.AddMinutes(5));

        Assert.True(StaffPrincipal.Expired(withoutStart, SignedIn, TimeSpan.FromHours(8)));
        Assert.True(StaffPrincipal.Expired(fromTheFuture, SignedIn, TimeSpan.FromHours(8)));
    }

    [Fact]
    public void IdOf_MemberPrincipal_IsNull()
    {
        var member = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "agent1")], "Cookies"));

        Assert.Null(StaffPrincipal.IdOf(member));
        Assert.Equal("agent1", StaffPrincipal.IdOf(StaffPrincipal.For("agent1", "Agent 1", [StaffRoles.Support], SignedIn)));
    }
}

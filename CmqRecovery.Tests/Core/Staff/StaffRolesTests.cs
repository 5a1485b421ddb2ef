using CmqRecovery.Core.Staff;

namespace CmqRecovery.Tests.Core.Staff;

public sealed class StaffRolesTests
{
    [Fact]
    public void Map_ConfiguredValues_GiveTheirRoles()
    {
        Assert.Equal([StaffRoles.Support], StaffRoles.Map(["cmq-soutien", "autre"], "cmq-soutien", "cmq-superviseur"));
        Assert.Equal([StaffRoles.Supervisor], StaffRoles.Map(["cmq-superviseur"], "cmq-soutien", "cmq-superviseur"));
        Assert.Equal([StaffRoles.Support, StaffRoles.Supervisor], StaffRoles.Map(["cmq-superviseur", "cmq-soutien"], "cmq-soutien", "cmq-superviseur"));
    }

    [Theory]
    [InlineData("CMQ-SOUTIEN")]
    [InlineData("cmq-soutien ")]
    [InlineData("cmq")]
    [InlineData("")]
    public void Map_ValueNotExactlyConfigured_GivesNoRole(string value)
    {
        Assert.Empty(StaffRoles.Map([value], "cmq-soutien", "cmq-superviseur"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Map_RoleValueNotConfigured_GivesThatRoleToNoOne(string? unset)
    {
        Assert.Empty(StaffRoles.Map(["", " ", "x"], unset, unset));
        Assert.Equal([StaffRoles.Supervisor], StaffRoles.Map(["", " ", "x"], unset, "x"));
    }
}

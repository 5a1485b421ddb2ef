using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class SessionUserAgentAndStaffConsole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "UserAgent",
                table: "SignInSessions",
                type: "character varying(512)",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffId",
                table: "AuditEvents",
                type: "character varying(128)",
                maxLength: 128,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "StaffReason",
                table: "AuditEvents",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "UserAgent",
                table: "SignInSessions");

            migrationBuilder.DropColumn(
                name: "StaffId",
                table: "AuditEvents");

            migrationBuilder.DropColumn(
                name: "StaffReason",
                table: "AuditEvents");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AttemptCountersAndMemberOrdinal : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInThrottles");

            migrationBuilder.DropColumn(
                name: "ConsecutiveFailures",
                table: "ChallengeStates");

            migrationBuilder.DropColumn(
                name: "SuspendedUntil",
                table: "ChallengeStates");

            migrationBuilder.AddColumn<int>(
                name: "Ordinal",
                table: "Members",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AttemptCounters",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    WindowStart = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AttemptCounters", x => x.Key);
                });

            // Existing members get dense ordinals 1..N before the unique index (the same SQL on SQLite and PostgreSQL).
            migrationBuilder.Sql(
                "UPDATE \"Members\" SET \"Ordinal\" = (SELECT COUNT(*) FROM \"Members\" AS \"m2\" WHERE \"m2\".\"Id\" <= \"Members\".\"Id\")");

            migrationBuilder.CreateIndex(
                name: "IX_Members_Ordinal",
                table: "Members",
                column: "Ordinal",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AttemptCounters");

            migrationBuilder.DropIndex(
                name: "IX_Members_Ordinal",
                table: "Members");

            migrationBuilder.DropColumn(
                name: "Ordinal",
                table: "Members");

            migrationBuilder.AddColumn<int>(
                name: "ConsecutiveFailures",
                table: "ChallengeStates",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SuspendedUntil",
                table: "ChallengeStates",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SignInThrottles",
                columns: table => new
                {
                    Key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInThrottles", x => x.Key);
                });
        }
    }
}

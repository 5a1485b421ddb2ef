using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "AttemptCounters",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Failures = table.Column<int>(type: "INTEGER", nullable: false),
                    WindowStart = table.Column<long>(type: "INTEGER", nullable: true),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true)
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<long>(
                name: "SuspendedUntil",
                table: "ChallengeStates",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SignInThrottles",
                columns: table => new
                {
                    Key = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ConsecutiveFailures = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInThrottles", x => x.Key);
                });
        }
    }
}

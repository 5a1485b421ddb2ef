using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class WorkDifficultyPerIdentifier : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "WorkMaxNumber",
                table: "CaptchaChallenges",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "WorkMaxNumber",
                table: "CaptchaChallenges");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.PostgreSql
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
                type: "integer",
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ProtectedServerKeys : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.Sqlite
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

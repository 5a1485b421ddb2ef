using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CmqRecovery.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class StaffEmailChange : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DisputeFollowUps",
                columns: table => new
                {
                    AuditEventId = table.Column<long>(type: "INTEGER", nullable: false),
                    HandledBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    HandledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisputeFollowUps", x => x.AuditEventId);
                    table.ForeignKey(
                        name: "FK_DisputeFollowUps_AuditEvents_AuditEventId",
                        column: x => x.AuditEventId,
                        principalTable: "AuditEvents",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "EmailChangeProposals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MemberId = table.Column<Guid>(type: "TEXT", nullable: false),
                    NewEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    NewNormalizedEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: false),
                    Verification = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProposedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    DecidedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EmailChangeProposals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_EmailChangeProposals_Members_MemberId",
                        column: x => x.MemberId,
                        principalTable: "Members",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EmailChangeProposals_MemberId",
                table: "EmailChangeProposals",
                column: "MemberId");

            migrationBuilder.CreateIndex(
                name: "IX_EmailChangeProposals_State_ExpiresAt",
                table: "EmailChangeProposals",
                columns: new[] { "State", "ExpiresAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisputeFollowUps");

            migrationBuilder.DropTable(
                name: "EmailChangeProposals");
        }
    }
}

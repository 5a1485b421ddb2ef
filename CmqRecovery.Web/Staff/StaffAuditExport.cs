using CmqRecovery.Core;
using CmqRecovery.Core.Audit;
using CmqRecovery.Core.Staff;
using CmqRecovery.Web.Resources;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace CmqRecovery.Web.Staff;

/// <summary>
/// The audit search's CSV export: a posted form (antiforgery, supervisors only) that records the export, then streams
/// the file. Refused filters answer 400 and record nothing.
/// </summary>
public static class StaffAuditExport
{
    public static RouteGroupBuilder MapStaffAuditExport(this RouteGroupBuilder console)
    {
        // [FromForm] makes the antiforgery middleware check the posted token.
        console.MapPost(Routes.StaffAuditExportPath, async (
            HttpContext http, ExportAudit export, IStringLocalizer<Strings> localizer, [FromForm(Name = "membre")] string? member, [FromForm(Name = "agent")] string? staffId,
            [FromForm(Name = "type")] string? kind, [FromForm(Name = "du")] string? from, [FromForm(Name = "au")] string? to) =>
        {
            if (StaffPrincipal.IdOf(http.User) is not { } staff || !StaffAuditFilters.TryRead(member, staffId, kind, from, to, out var query))
            {
                return Results.BadRequest();
            }

            var recorded = await export.RecordAsync(query, new StaffActor(staff), http.RequestAborted);
            if (!recorded.Passed)
            {
                return Results.BadRequest();
            }

            return Results.Stream(
                output => export.WriteAsync(query, kind => KindLabels.Audit(localizer, kind), output, http.RequestAborted), "text/csv; charset=utf-8", "journal-soutien.csv");
        }).RequireAuthorization(StaffSchemes.SupervisorPolicy).ExcludeFromDescription();
        return console;
    }
}

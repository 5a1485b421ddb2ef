using CmqRecovery.Core;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Mail;
using CmqRecovery.Core.Members;
using CmqRecovery.Core.Recovery;
using CmqRecovery.Core.Register;
using CmqRecovery.Tests.Core.Mail;
using CmqRecovery.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static CmqRecovery.Tests.Core.Register.RegisterTestKit;

namespace CmqRecovery.Tests.Core.Register;

public sealed class ImportRegisterTests
{
    private const string Marie = "54321;Dre Marie Tremblay;marie.tremblay@example.org";
    private const string Julien = "R12345;Dr Julien Gagnon;julien.gagnon@example.org";

    [DatabaseTheory]
    public async Task Execute_NewRegister_AddsMembersWithoutPasswordAndKindFromCode(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);

        var report = await ImportAsync(host, Content(Marie, Julien, "E12342012;Chloé Roy;chloe.roy@example.org"));

        Assert.Equal((3, 0, 0, 0), (report.Added.Count, report.Changed.Count, report.Deactivated.Count, report.Unchanged));
        await using var db = host.NewDbContext();
        var members = await db.Members.OrderBy(m => m.Ordinal).ToListAsync();
        Assert.Equal([MemberKind.Physician, MemberKind.Resident, MemberKind.Student], members.Select(m => m.Kind));
        Assert.Equal([1, 2, 3], members.Select(m => m.Ordinal));
        Assert.All(members, m => Assert.Null(m.PasswordHash));
        Assert.Equal("Chloé Roy", members[2].DisplayName);
    }

    [DatabaseTheory]
    public async Task Execute_OneRowWrong_WritesNothingAndReportsItsLine(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync(); // 54321, marie.tremblay@example.org
        var before = await host.Database.ReadEverythingStoredAsync();

        // Line 3 gives Marie's address to someone else; line 2 alone would be fine.
        var result = await host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(
            Content(Julien, "E12342012;Chloé Roy;Marie.Tremblay@example.org"), DeactivateMissing: true));

        Assert.Equal(Outcome.InvalidRegister, result.Outcome);
        var error = Assert.Single(result.Value!.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("54321", error.Message);
        Assert.Equal(before, await host.Database.ReadEverythingStoredAsync());
    }

    [DatabaseTheory]
    public async Task Execute_FileErrors_WritesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var before = await host.Database.ReadEverythingStoredAsync();

        var result = await host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(Content(Marie, Julien, "1234;Trop court;court@example.org")));

        Assert.Equal(Outcome.InvalidRegister, result.Outcome);
        Assert.Equal(4, Assert.Single(result.Value!.Errors).Line);
        Assert.Equal(before, await host.Database.ReadEverythingStoredAsync());
    }

    [DatabaseTheory]
    public async Task Execute_DryRun_ReportsChangesAndWritesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        await host.AddDemoMemberAsync(0);
        await host.AddDemoMemberAsync(3); // 50012345, absent from the file
        var before = await host.Database.ReadEverythingStoredAsync();

        var report = await ImportAsync(host, Content("54321;Dre Marie Tremblay-Roy;marie.tremblay@example.org", Julien), dryRun: true, deactivateMissing: true);

        Assert.Equal(["R12345"], report.Added.Select(c => c.UserCode));
        Assert.Equal(["54321"], report.Changed.Select(c => c.UserCode));
        Assert.Equal("name", report.Changed[0].What);
        Assert.Equal(["50012345"], report.Deactivated.Select(c => c.UserCode));
        Assert.Equal(before, await host.Database.ReadEverythingStoredAsync());
    }

    [DatabaseTheory]
    public async Task Execute_SameFileTwice_SecondRunChangesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Register:ImportBatchSize"] = "2" });
        await host.AddDemoMemberAsync(3);
        var file = Content(Marie, Julien, "E12342012;Chloé Roy;chloe.roy@example.org", "50012345;Louis Côté;louis.cote@example.net");
        await ImportAsync(host, file, deactivateMissing: true);
        var afterFirst = await host.Database.ReadEverythingStoredAsync();

        var second = await ImportAsync(host, file, deactivateMissing: true);

        Assert.Equal((0, 0, 0, 4), (second.Added.Count, second.Changed.Count, second.Deactivated.Count, second.Unchanged));
        Assert.Equal(afterFirst, await host.Database.ReadEverythingStoredAsync());
    }

    [DatabaseTheory]
    public async Task Execute_EmailChanged_NoticeToOldAndNewAddressAndOldLinksClosed(DatabaseProvider provider)
    {
        await using var smtp = await SmtpTestServer.StartAsync();
        await using var host = await CoreTestHost.StartAsync(provider, smtp.Settings);
        var member = await MailTestKit.ConfirmEmailAsync(host); // an open reset link, mailed to the old address
        Assert.Equal(1, await host.Get<DeliverOutbox>().DeliverDueAsync());

        var report = await ImportAsync(host, Content("54321;Dre Marie Tremblay;marie.t@example.net"));

        Assert.Equal("email", Assert.Single(report.Changed).What);
        Assert.Equal(2, await host.Get<DeliverOutbox>().DeliverDueAsync());
        var subject = host.Get<RecoveryMails>().EmailChangedSubject;
        var toOld = await smtp.WaitForMailToAsync(member.Email, subject);
        var toNew = await smtp.WaitForMailToAsync("marie.t@example.net", subject);
        Assert.Contains("m*****y@example.org", toOld.Text);
        Assert.Contains("m*****t@example.net", toNew.Text);
        await using var db = host.NewDbContext();
        Assert.All(await db.RecoveryRequests.ToListAsync(), r => Assert.Equal(LinkStatus.Superseded, host.Get<LinkValidator>().Check(r)));
        Assert.Equal("MARIE.T@EXAMPLE.NET", (await db.Members.SingleAsync()).NormalizedEmail);
    }

    [DatabaseTheory]
    public async Task Execute_DeactivateMissing_OnlyAbsentMembersDeactivatedAndBackWhenListedAgain(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var marie = await host.AddDemoMemberAsync(0);
        var louis = await host.AddDemoMemberAsync(3);

        var report = await ImportAsync(host, Content(Marie), deactivateMissing: true);

        Assert.Equal(["50012345"], report.Deactivated.Select(c => c.UserCode));
        await using (var db = host.NewDbContext())
        {
            var stored = await db.Members.ToDictionaryAsync(m => m.Id);
            Assert.Null(stored[marie.Id].DeactivatedAt);
            Assert.NotNull(stored[louis.Id].DeactivatedAt);
            Assert.NotEqual(louis.SecurityStamp, stored[louis.Id].SecurityStamp); // older cookies end
        }

        // Without the flag, absent members stay as they are; listed again, a member is back.
        var back = await ImportAsync(host, Content("50012345;Louis Côté;louis.cote@example.org"));
        Assert.Equal("reactivated", Assert.Single(back.Changed).What);
        Assert.Empty(back.Deactivated);
        await using var after = host.NewDbContext();
        Assert.All(await after.Members.ToListAsync(), m => Assert.Null(m.DeactivatedAt));
    }

    /// <summary>Lines 2 to 5 fill two batches of two and are written by no one: the wrong lines come after them.</summary>
    [DatabaseTheory]
    public async Task Execute_SmallBatchesErrorsInTheLastBatch_WritesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider, new Dictionary<string, string?> { ["Register:ImportBatchSize"] = "2" });
        await host.AddDemoMemberAsync(); // 54321, marie.tremblay@example.org
        var before = await host.Database.ReadEverythingStoredAsync();

        var result = await host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(Content(
            Julien, "E12342012;Chloé Roy;chloe.roy@example.org", "50012345;Louis Côté;louis.cote@example.org", "R54321;Dr Hugo Lavoie;hugo@example.org",
            "R54322;Dre Léa Roy;Marie.Tremblay@example.org", // 6: Marie's address, found in the database
            "R12345;Dr Julien Gagnon bis;julien.bis@example.org"))); // 7: line 2's code

        Assert.Equal(Outcome.InvalidRegister, result.Outcome);
        Assert.Equal([6, 7], result.Value!.Errors.Select(e => e.Line));
        Assert.Equal(before, await host.Database.ReadEverythingStoredAsync());
    }

    /// <summary>The file is read twice (checked, then written): bytes other than the checked ones are never written.</summary>
    [DatabaseTheory]
    public async Task Execute_FileChangedAfterTheCheck_WritesNothing(DatabaseProvider provider)
    {
        await using var host = await CoreTestHost.StartAsync(provider);
        var before = await host.Database.ReadEverythingStoredAsync();
        var opened = 0;
        var checkedFile = Content(Marie);
        var replacement = Content(Marie, "E12342012;Chloé Roy;chloe.roy@example.org");
        var source = new RegisterSource(() => Interlocked.Increment(ref opened) == 1 ? checkedFile.Open() : replacement.Open());

        await Assert.ThrowsAsync<RegisterChangedException>(() => host.Get<ImportRegister>().ExecuteAsync(new ImportRequest(source)));

        Assert.Equal(before, await host.Database.ReadEverythingStoredAsync());
    }
}

using System.Runtime.CompilerServices;
using CmqRecovery.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace CmqRecovery.Core.Members;

/// <summary>
/// The lookups identification and sign-in run on every attempt, compiled once: a call then skips building,
/// hashing and matching a LINQ expression tree, which was most of a lookup's cost at 50,000 members
/// (docs/PERFORMANCE.md, member lookup).
/// </summary>
public static class MemberLookup
{
    // A deactivated member is not found: sign-in and recovery then run the unknown identifier's path, same queries.
    // EF ties a compiled query to the one model it first ran with; each provider (and each test host) has its own.
    private static readonly ConditionalWeakTable<IModel, CompiledLookups> ByModel = new();

    /// <param name="normalizedEmail">As <see cref="Member.NormalizeEmail"/> returns it.</param>
    public static Task<Member?> FindByNormalizedEmailAsync(RecoveryDbContext db, string normalizedEmail, CancellationToken cancellationToken = default) =>
        For(db).ByNormalizedEmail(db, normalizedEmail, cancellationToken);

    /// <param name="userCode">Canonical, as <see cref="UserCode"/> parses it.</param>
    public static Task<Member?> FindByUserCodeAsync(RecoveryDbContext db, string userCode, CancellationToken cancellationToken = default) =>
        For(db).ByUserCode(db, userCode, cancellationToken);

    private static CompiledLookups For(RecoveryDbContext db) => ByModel.GetValue(db.Model, _ => new CompiledLookups());

    private sealed class CompiledLookups
    {
        public Func<RecoveryDbContext, string, CancellationToken, Task<Member?>> ByNormalizedEmail { get; } =
            EF.CompileAsyncQuery((RecoveryDbContext db, string normalizedEmail, CancellationToken _) =>
                db.Members.AsNoTracking().SingleOrDefault(m => m.NormalizedEmail == normalizedEmail && m.DeactivatedAt == null));

        public Func<RecoveryDbContext, string, CancellationToken, Task<Member?>> ByUserCode { get; } =
            EF.CompileAsyncQuery((RecoveryDbContext db, string userCode, CancellationToken _) =>
                db.Members.AsNoTracking().SingleOrDefault(m => m.UserCode == userCode && m.DeactivatedAt == null));
    }
}

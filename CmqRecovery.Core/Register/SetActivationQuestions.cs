using CmqRecovery.Core.Account;
using CmqRecovery.Core.Data;
using CmqRecovery.Core.Questions;
using CmqRecovery.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace CmqRecovery.Core.Register;

/// <summary>
/// The activation's first step: the questions enrolment of « Mon compte » (<see cref="SetSecurityQuestions"/>), for
/// the holder of an opened invitation, and only while it is still good: unused, unexpired, the member's newest, the
/// member active and without a password. A grant kept in a second tab after the activation never replaces the
/// questions of a member who now has a password.
/// </summary>
public sealed class SetActivationQuestions(IDbContextFactory<RecoveryDbContext> dbFactory, SetSecurityQuestions questions, TimeProvider time)
{
    public async Task<UseCaseResult<QuestionsChange>> ExecuteAsync(
        ActivationGrant grant, IReadOnlyList<QuestionAnswer> answers, ClientContext client,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var invitation = await db.Set<Invitation>().AsNoTracking().SingleAsync(i => i.Id == grant.InvitationId, cancellationToken);
            var member = await db.Members.AsNoTracking()
                .SingleOrDefaultAsync(m => m.Id == grant.MemberId && m.DeactivatedAt == null, cancellationToken);
            if (OpenInvitation.Check(invitation, member, time.GetUtcNow()) != InvitationState.Valid)
            {
                return UseCaseResult<QuestionsChange>.Refuse(Outcome.LinkNoLongerValid);
            }
        }

        return await questions.ExecuteAsync(grant.MemberId, answers, client, progress, cancellationToken);
    }
}
